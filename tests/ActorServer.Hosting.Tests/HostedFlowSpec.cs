using ActorServer.Hosting.Tests.Support;
using ActorServer.Samples.FlowEcho;
using Microsoft.Extensions.DependencyInjection;

namespace ActorServer.Hosting.Tests;

/// <summary>A flow handler served by Akka.Hosting's <c>WithSocketServer</c>, as any handler is.</summary>
public sealed class HostedFlowSpec : IAsyncLifetime
{
    private readonly TestHosts _hosts = new();

    [Theory]
    [InlineData(ServingMode.Synchronous)]
    [InlineData(ServingMode.Threading)]
    public async Task A_hosted_flow_handler_must_serve_its_line_protocol(ServingMode mode)
    {
        var host = _hosts.Build(akka => akka.WithSocketServer<UpperCaseFlow>("flow-echo", o =>
        {
            o.Endpoint = "127.0.0.1:0";
            o.Mode = mode;
        }));
        await host.StartAsync();
        var address = await host.Services.GetRequiredService<ISocketServerRegistry>()["flow-echo"].Bound.WaitAsync(TestHosts.Patience);

        using var client = await LineClient.ConnectAsync(address);
        await client.SendAsync("hosted\nflow\n");

        Assert.Equal(["HOSTED", "FLOW"], await client.ReadLinesAsync(2));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hosts.DisposeAsync();
}
