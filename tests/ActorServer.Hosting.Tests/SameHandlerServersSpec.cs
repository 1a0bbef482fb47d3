using System.Net.Sockets;
using ActorServer.Hosting.Tests.Support;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ActorServer.Hosting.Tests;

/// <summary>
/// One handler type served twice in one host (TCP and a Unix socket): both serve, each is found by its name, a lookup
/// by the shared handler type fails naming both, and a registry key of its own puts each in the ActorRegistry.
/// </summary>
public sealed class SameHandlerServersSpec : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TestHosts.Patience;
    private readonly TestHosts _hosts = new();
    private readonly string _socketPath = TempSocketPath.Next();

    private IHost BuildTcpAndUnix() => _hosts.Build(akka => akka
        .WithSocketServer<NamedEchoHandler>("echo-tcp", "127.0.0.1:0")
        .WithSocketServer<NamedEchoHandler>("echo-unix", OnUnixSocket));

    private IHost BuildTcpAndUnixWithKeys() => _hosts.Build(akka => akka
        .WithSocketServer<NamedEchoHandler, TcpEcho>("echo-tcp", "127.0.0.1:0")
        .WithSocketServer<NamedEchoHandler, UnixEcho>("echo-unix", OnUnixSocket));

    private void OnUnixSocket(SocketServerOptions options)
    {
        options.Kind = ServerKind.UnixStream;
        options.Path = _socketPath;
    }

    [Fact]
    public async Task Two_servers_with_the_same_handler_must_both_serve_one_over_tcp_and_one_over_a_unix_socket()
    {
        var host = BuildTcpAndUnix();
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ISocketServerRegistry>();

        var tcp = await registry["echo-tcp"].Bound.WaitAsync(Patience);
        var unix = await registry["echo-unix"].Bound.WaitAsync(Patience);

        Assert.Equal(AddressFamily.InterNetwork, tcp.AddressFamily);
        Assert.Equal(AddressFamily.Unix, unix.AddressFamily);
        Assert.Equal("echo-tcp: ping\n", await LineClient.RoundTripAsync(tcp, "ping"));
        Assert.Equal("echo-unix: ping\n", await LineClient.RoundTripAsync(unix, "ping"));
    }

    [Fact]
    public async Task Each_of_them_must_be_reachable_by_its_name_with_its_own_guardian_and_readiness_check()
    {
        var host = BuildTcpAndUnix();
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ISocketServerRegistry>();
        await Task.WhenAll(registry["echo-tcp"].Bound, registry["echo-unix"].Bound).WaitAsync(Patience);

        Assert.Equal("/user/actor-server-echo-tcp", registry["echo-tcp"].Guardian!.Path.ToStringWithoutAddress());
        Assert.Equal("/user/actor-server-echo-unix", registry["echo-unix"].Guardian!.Path.ToStringWithoutAddress());
        Assert.All(registry.All, handle => Assert.Equal(typeof(NamedEchoHandler), handle.HandlerType));
        var ready = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Healthy, ready.Entries["actor-server-echo-tcp"].Status);
        Assert.Equal(HealthStatus.Healthy, ready.Entries["actor-server-echo-unix"].Status);
    }

    [Fact]
    public async Task Resolving_them_by_the_shared_handler_type_must_fail_naming_both_servers()
    {
        var host = BuildTcpAndUnix();
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ISocketServerRegistry>();

        var error = Assert.Throws<AmbiguousSocketServerException>(() => registry.ForHandler<NamedEchoHandler>());

        Assert.Equal(typeof(NamedEchoHandler), error.HandlerType);
        Assert.Equal(["echo-tcp", "echo-unix"], error.ServerNames.Order());
        Assert.Contains("echo-tcp", error.Message);
        Assert.Contains("echo-unix", error.Message);
    }

    [Fact]
    public async Task Neither_must_be_in_the_actor_registry_under_the_shared_handler_type_and_the_log_must_say_why()
    {
        var host = BuildTcpAndUnix();
        await host.StartAsync();   // returns once Akka.Hosting has run every actor starter, so registration is over

        Assert.False(host.Services.GetRequiredService<ActorRegistry>().TryGet<NamedEchoHandler>(out _));
        foreach (var name in new[] { "echo-tcp", "echo-unix" })
        {
            var line = Assert.Single(_hosts.Logs.Messages, m => m.StartsWith($"Socket server {name} is not in the ActorRegistry", StringComparison.Ordinal));
            Assert.Contains("echo-tcp", line);
            Assert.Contains("echo-unix", line);
            Assert.Contains("WithSocketServer<THandler, TKey>", line);
        }
    }

    [Fact]
    public async Task Each_must_be_in_the_actor_registry_under_the_key_it_was_given()
    {
        var host = BuildTcpAndUnixWithKeys();
        await host.StartAsync();

        var tcp = await host.Services.GetRequiredService<IRequiredActor<TcpEcho>>().GetAsync().WaitAsync(Patience);
        var unix = await host.Services.GetRequiredService<IRequiredActor<UnixEcho>>().GetAsync().WaitAsync(Patience);

        Assert.Equal("/user/actor-server-echo-tcp", tcp.Path.ToStringWithoutAddress());
        Assert.Equal("/user/actor-server-echo-unix", unix.Path.ToStringWithoutAddress());
        Assert.False(host.Services.GetRequiredService<ActorRegistry>().TryGet<NamedEchoHandler>(out _));
    }

    [Fact]
    public async Task A_handler_served_once_must_resolve_by_its_type_beside_a_shared_one()
    {
        var host = _hosts.Build(akka => akka
                .WithSocketServer<NamedEchoHandler>("echo-tcp", "127.0.0.1:0")
                .WithSocketServer<NamedEchoHandler>("echo-unix", OnUnixSocket)
                .WithSocketServer<GreetingHandler>("greeter", "127.0.0.1:0"),
            services => services.AddSingleton(new Greeting("hi")));
        await host.StartAsync();
        var registry = host.Services.GetRequiredService<ISocketServerRegistry>();

        var greeter = registry.ForHandler<GreetingHandler>();

        Assert.Equal("greeter", greeter.Name);
        Assert.Equal("hi, you\n", await LineClient.RoundTripAsync(await greeter.Bound.WaitAsync(Patience), "you"));
        Assert.Equal(greeter.Guardian, host.Services.GetRequiredService<ActorRegistry>().Get<GreetingHandler>());
        var none = Assert.Throws<ActorServerConfigurationException>(() => registry.ForHandler<GatedHandler>());
        Assert.Contains("greeter (GreetingHandler)", none.Message);
    }

    [Fact]
    public async Task A_second_server_of_the_same_name_must_stop_the_host_from_starting()
    {
        var host = _hosts.Build(akka => akka
            .WithSocketServer<NamedEchoHandler>("echo", "127.0.0.1:0")
            .WithSocketServer<NamedEchoHandler>("echo", OnUnixSocket));

        var error = await Assert.ThrowsAsync<ActorServerConfigurationException>(() => host.StartAsync());

        Assert.Equal("actor-server.servers.echo", error.Key);
        Assert.Contains("already called with this name", error.Message);
    }

    [Fact]
    public async Task One_registry_key_given_to_two_servers_must_stop_the_host_from_starting()
    {
        var host = _hosts.Build(akka => akka
            .WithSocketServer<NamedEchoHandler, TcpEcho>("echo-tcp", "127.0.0.1:0")
            .WithSocketServer<NamedEchoHandler, TcpEcho>("echo-unix", OnUnixSocket));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("echo-tcp and echo-unix", error.Message);
        Assert.Contains(typeof(TcpEcho).FullName!, error.Message);
    }

    [Fact]
    public async Task A_registry_key_the_application_holds_must_stop_the_server_before_it_binds()
    {
        var host = _hosts.Build(akka => akka
            .WithActors((system, registry) => registry.Register<TcpEcho>(system.ActorOf(Props.Empty, "app-actor")))
            .WithSocketServer<NamedEchoHandler, TcpEcho>("echo-tcp", "127.0.0.1:0"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("Socket server echo-tcp cannot be registered", error.Message);
        Assert.Contains("/user/app-actor", error.Message);
        Assert.Empty(ActorServerExtension.Get(host.Services.GetRequiredService<ActorSystem>()).Servers);
    }

    [Fact]
    public void AddSocketServerRegistry_must_register_the_registry_once_however_often_it_is_called()
    {
        var services = new ServiceCollection().AddSocketServerRegistry().AddSocketServerRegistry();

        Assert.Single(services, d => d.ServiceType == typeof(ISocketServerRegistry));
    }

    [Fact]
    public async Task The_injected_registry_must_be_the_actor_systems_own()
    {
        var host = _hosts.Build(akka => akka.WithSocketServer<NamedEchoHandler>("echo", "127.0.0.1:0"),
            services => services.AddSocketServerRegistry());   // a second call, after TestHosts' own
        await host.StartAsync();

        var injected = host.Services.GetRequiredService<ISocketServerRegistry>();

        Assert.Same(SocketServerRegistry.For(host.Services.GetRequiredService<ActorSystem>()), injected);
        Assert.Equal("echo: hi\n", await LineClient.RoundTripAsync(await injected["echo"].Bound.WaitAsync(Patience), "hi"));
    }

    [Fact]
    public async Task Without_AddSocketServerRegistry_the_registry_must_come_from_the_actor_system()
    {
        var host = _hosts.Build(akka => akka.WithSocketServer<NamedEchoHandler>("echo", "127.0.0.1:0"), addRegistry: false);
        await host.StartAsync();

        // WithSocketServer runs after the container is built, so it cannot add the service (see AddSocketServerRegistry).
        Assert.Null(host.Services.GetService<ISocketServerRegistry>());
        var registry = SocketServerRegistry.For(host.Services.GetRequiredService<ActorSystem>());
        Assert.Equal("echo: hi\n", await LineClient.RoundTripAsync(await registry["echo"].Bound.WaitAsync(Patience), "hi"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hosts.DisposeAsync();

    private sealed class TcpEcho;

    private sealed class UnixEcho;
}
