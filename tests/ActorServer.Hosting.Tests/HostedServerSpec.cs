using System.Net;
using System.Net.Sockets;
using ActorServer.Hosting.Tests.Support;
using Akka;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ActorServer.Hosting.Tests;

/// <summary>Host tests: a real generic host with Akka.Hosting, servers on loopback port 0.</summary>
public sealed class HostedServerSpec : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TestHosts.Patience;
    private readonly TestHosts _hosts = new();

    private IHost Build(Action<AkkaConfigurationBuilder> akka, Action<IServiceCollection>? services = null) => _hosts.Build(akka, services);

    private IHost BuildGreeter(Action<SocketServerOptions>? configure = null) => Build(
        akka => akka.WithSocketServer<GreetingHandler>("greeter", o =>
        {
            o.Endpoint = "127.0.0.1:0";
            o.Mode = ServingMode.Threading;
            configure?.Invoke(o);
        }),
        services => services.AddSingleton(new Greeting("hello from the container")));

    [Fact]
    public async Task A_hosted_server_must_serve_over_loopback_with_its_handler_built_by_the_container()
    {
        var host = BuildGreeter();
        await host.StartAsync();

        var address = await host.Services.GetRequiredService<ISocketServerRegistry>()["greeter"].Bound.WaitAsync(Patience);

        Assert.Equal("hello from the container, world\n", await LineClient.RoundTripAsync(address, "world"));
    }

    [Fact]
    public async Task The_options_must_be_in_the_actor_system_configuration_as_hocon()
    {
        var host = BuildGreeter(o => o.MaxConnections = 42);
        await host.StartAsync();

        var config = host.Services.GetRequiredService<ActorSystem>().Settings.Config;

        Assert.Equal("threading", config.GetString("actor-server.servers.greeter.mode"));
        Assert.Equal(42, config.GetInt("actor-server.servers.greeter.max-connections"));
        Assert.Equal("synchronous", config.GetString("actor-server.server-defaults.mode"));   // reference.conf beneath
        var settings = ServerSettings.Create(config, "actor-server.servers.greeter");
        Assert.Equal(ServingMode.Threading, settings.Mode);
        Assert.Equal(42, settings.MaxConnections);
        Assert.Equal(42, host.Services.GetRequiredService<ISocketServerRegistry>()["greeter"].Server!.MaxConnections);
    }

    [Fact]
    public async Task The_server_guardian_must_be_in_the_actor_registry_under_its_handler_type()
    {
        var host = BuildGreeter();
        await host.StartAsync();

        var guardian = await host.Services.GetRequiredService<ActorRegistry>().GetAsync<GreetingHandler>().WaitAsync(Patience);

        Assert.Equal("/user/actor-server-greeter", guardian.Path.ToStringWithoutAddress());
        Assert.Equal(guardian, host.Services.GetRequiredService<ISocketServerRegistry>()["greeter"].Guardian);
    }

    [Fact]
    public async Task The_readiness_check_must_report_a_serving_server_healthy_and_a_stopped_one_unhealthy()
    {
        var host = BuildGreeter();
        await host.StartAsync();
        var health = host.Services.GetRequiredService<HealthCheckService>();
        var handle = host.Services.GetRequiredService<ISocketServerRegistry>()["greeter"];
        await handle.Bound.WaitAsync(Patience);

        var ready = await health.CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Contains("actor-server-greeter", ready.Entries.Keys);

        await handle.Server!.ShutdownAsync();
        var stopped = await health.CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, stopped.Status);
        Assert.Contains("stopped serving", stopped.Entries["actor-server-greeter"].Description);
    }

    [Fact]
    public async Task Stopping_the_host_must_let_a_request_in_flight_finish_and_reply()
    {
        var gate = new RequestGate();
        var host = Build(akka => akka.WithSocketServer<GatedHandler>("gated", o => { o.Endpoint = "127.0.0.1:0"; o.DrainTimeout = TimeSpan.FromSeconds(3); }),
            services => services.AddSingleton(gate));
        await host.StartAsync();
        var address = await host.Services.GetRequiredService<ISocketServerRegistry>()["gated"].Bound.WaitAsync(Patience);
        using var client = await LineClient.ConnectAsync(address);
        await client.SendAsync("in flight\n");
        await gate.Started.WaitAsync(Patience);

        // Release the request only once the server has unbound: its reply is written while the host drains.
        var system = host.Services.GetRequiredService<ActorSystem>();
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "release-gate", () =>
        {
            gate.Release();
            return Task.FromResult(Done.Instance);
        });
        await host.StopAsync().WaitAsync(Patience);

        Assert.Equal("IN FLIGHT\n", await client.ReadToEndAsync());
        await Assert.ThrowsAsync<SocketException>(() => LineClient.ConnectAsync(address));
    }

    [Fact]
    public async Task A_bad_definition_must_stop_the_host_from_starting_with_the_key_named()
    {
        var host = Build(akka => akka.WithSocketServer<GreetingHandler>("broken", "127.0.0.1"));

        var error = await Assert.ThrowsAsync<ActorServerConfigurationException>(() => host.StartAsync());

        Assert.Equal("actor-server.servers.broken.endpoint", error.Key);
    }

    [Fact]
    public async Task Two_servers_must_run_side_by_side_and_share_the_hosts_services()
    {
        var host = Build(akka => akka
                .WithSocketServer<GreetingHandler>("first", "127.0.0.1:0")
                .WithSocketServer<GreetingHandler>("second", o => { o.Endpoint = "[::1]:0"; o.Mode = ServingMode.Threading; }),
            services => services.AddSingleton(new Greeting("shared")));
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ISocketServerRegistry>();

        Assert.Equal(["first", "second"], registry.All.Select(h => h.Name).Order());
        Assert.Equal("shared, 1\n", await LineClient.RoundTripAsync(await registry["first"].Bound, "1"));
        Assert.Equal("shared, 2\n", await LineClient.RoundTripAsync(await registry["second"].Bound, "2"));
        Assert.Equal(AddressFamily.InterNetworkV6, registry["second"].ServerAddress!.AddressFamily);
    }

    [Fact]
    public async Task The_servers_akka_logs_must_reach_microsoft_extensions_logging()
    {
        var host = BuildGreeter();
        await host.StartAsync();
        await host.Services.GetRequiredService<ISocketServerRegistry>()["greeter"].Bound.WaitAsync(Patience);

        // Logging is asynchronous.
        await Polling.UntilAsync(() => _hosts.Logs.Messages.Any(m => m.Contains("Server greeter (tcp, GreetingHandler, threading) listening on 127.0.0.1:")),
            Patience, () => "the server did not log that it listens");
    }

    [Fact]
    public void The_registry_must_refuse_a_server_that_is_not_defined()
    {
        var host = BuildGreeter();

        var error = Assert.Throws<ActorServerConfigurationException>(() => host.Services.GetRequiredService<ISocketServerRegistry>()["nope"]);

        Assert.Equal("actor-server.servers.nope", error.Key);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hosts.DisposeAsync();
}
