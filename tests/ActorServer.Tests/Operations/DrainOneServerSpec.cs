using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Operations;

/// <summary>Two servers in one actor system: one drained and stopped while the other goes on serving.</summary>
public sealed class DrainOneServerSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Holds its request until the test lets it answer.</summary>
    private sealed class HeldHandler(TaskCompletionSource entered, Task release) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var line = await ReadLineAsync(cancellationToken);
            entered.TrySetResult();
            await release.WaitAsync(cancellationToken);
            await WriteAsync(line?.ToUpperInvariant() + "\n", cancellationToken);
        }
    }

    [Fact]
    public async Task Stopping_one_of_two_servers_in_a_system_must_drain_its_requests_while_the_other_keeps_serving()
    {
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var draining = new TcpServer(AnyLoopbackPort, () => new HeldHandler(entered, release.Task), system: Sys, name: "first");
        await using var other = new TcpServer<UpperCaseHandler>(AnyLoopbackPort, system: Sys, name: "second");
        draining.Mode = ServingMode.Threading;
        other.Mode = ServingMode.Threading;
        var drainingServes = Serve(draining);
        var otherServes = Serve(other);
        using var held = await LineClient.ConnectAsync(draining.ServerAddress);
        await held.SendAsync("held\n");
        await entered.Task.WaitAsync(Patience);

        var stopping = draining.ShutdownAsync();

        await AwaitAssertAsync(async () => Assert.Equal(ServerState.Draining, (await draining.GetStatusAsync()).State), Patience);
        Assert.Equal("OTHER\n", await LineClient.RoundTripAsync(other.ServerAddress, "other"));
        Assert.False(stopping.IsCompleted);
        release.SetResult();
        Assert.Equal("HELD\n", await held.ReadToEndAsync());
        await stopping.WaitAsync(Patience);
        await drainingServes.WaitAsync(Patience);
        Assert.Equal(ServerState.Stopped, (await draining.GetStatusAsync()).State);
        Assert.Equal("STILL\n", await LineClient.RoundTripAsync(other.ServerAddress, "still"));
        Assert.Equal(ServerState.Serving, (await other.GetStatusAsync()).State);
        Assert.False(otherServes.IsCompleted);
    }
}
