using ActorServer.Hosting.Tests.Support;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace ActorServer.Hosting.Tests;

/// <summary>The live operations through the Akka.Hosting handle: suspended, a server is not ready; resumed, it is.</summary>
public sealed class HostedOperationsSpec : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TestHosts.Patience;
    private readonly TestHosts _hosts = new();

    [Fact]
    public async Task A_hosted_server_must_be_suspended_limited_and_resumed_through_its_handle_and_not_be_ready_while_suspended()
    {
        var host = _hosts.Build(akka => akka.WithSocketServer<NamedEchoHandler>("echo", options =>
        {
            options.Endpoint = "127.0.0.1:0";
            options.Mode = ServingMode.Threading;
        }));
        await host.StartAsync();
        var echo = host.Services.GetRequiredService<ISocketServerRegistry>()["echo"];
        var address = await echo.Bound.WaitAsync(Patience);
        var health = host.Services.GetRequiredService<HealthCheckService>();

        await echo.SuspendAsync();

        var suspended = await health.CheckHealthAsync(r => r.Tags.Contains("ready"));
        Assert.Equal(HealthStatus.Unhealthy, suspended.Entries["actor-server-echo"].Status);
        Assert.Contains("suspended", suspended.Entries["actor-server-echo"].Description);
        Assert.Equal(ServerState.Suspended, (await echo.GetStatusAsync()).State);
        await echo.SetMaxConnectionsAsync(3);
        await echo.ResumeAsync();

        var status = await echo.GetStatusAsync();
        Assert.Equal((ServerState.Serving, 3, address), (status.State, status.MaxConnections, status.Address));
        Assert.Equal("echo: ping\n", await LineClient.RoundTripAsync(address, "ping"));
        Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync(r => r.Tags.Contains("ready"))).Entries["actor-server-echo"].Status);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hosts.DisposeAsync();
}
