using System.Diagnostics;
using ActorServer.Tests.Support;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams.Dsl;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>A flow that never ends is aborted by its connection's stage at the drain's timeout and at the request timeout.</summary>
public sealed class FlowCancellationSpec(ITestOutputHelper output) : FlowSpec(output)
{
    [Fact]
    public async Task A_drain_must_abort_a_flow_that_never_ends_within_the_drain_timeout()
    {
        var drain = TimeSpan.FromSeconds(1);
        await using var server = FlowServer(() => new EndlessFlow(TestActor), s => s.DrainTimeout = drain);
        var serving = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("hello\n");
        await ExpectMsgAsync("started");

        var clock = Stopwatch.StartNew();
        await server.ShutdownAsync();

        await ExpectMsgAsync(nameof(OperationCanceledException));
        Assert.InRange(clock.Elapsed, drain, drain + TimeSpan.FromSeconds(1));
        await serving.WaitAsync(Patience);
        await client.ReadToEndAsync(resetEnds: true);   // the connection is closed
    }

    [Fact]
    public async Task The_request_timeout_must_abort_the_flow_and_close_its_connection()
    {
        var limit = TimeSpan.FromMilliseconds(500);
        await using var server = FlowServer(() => new EndlessFlow(TestActor), s =>
        {
            s.RequestTimeout = limit;
            s.OnHandlerError = HandlerErrorPolicy.StopServer;
        });
        var serving = Serve(server);

        await EventFilter.Warning(contains: "passed the request-timeout").ExpectOneAsync(async () =>
        {
            using var client = await LineClient.ConnectAsync(server.ServerAddress);
            await ExpectMsgAsync("started");
            await ExpectMsgAsync(nameof(OperationCanceledException));
            await client.ReadToEndAsync(resetEnds: true);
        });
        // A cancelled request is not a handler failure: under stop-server, the next client is still served.
        using var next = await LineClient.ConnectAsync(server.ServerAddress);
        await ExpectMsgAsync("started");
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task The_request_timeout_must_abort_a_flow_that_stopped_pulling_without_abandoning_its_handler()
    {
        await using var server = FlowServer(() => new StalledFlow(TestActor), s => s.RequestTimeout = TimeSpan.FromMilliseconds(500));
        _ = Serve(server);

        // No read or send waits for the socket here: only the stage's own abort on the request's cancellation ends the
        // flow. Without it the flow would wait until its actor gave up on the handler and stopped it (an abrupt end).
        await EventFilter.Warning(contains: "ignored its cancellation").ExpectAsync(0, async () =>
        {
            using var client = await LineClient.ConnectAsync(server.ServerAddress);
            await client.SendAsync("hello\n");
            await ExpectMsgAsync("stalled");
            await ExpectMsgAsync(nameof(OperationCanceledException));
            await client.ReadToEndAsync(resetEnds: true);
        });
    }

    /// <summary>Takes one element and waits forever on it, so it never pulls again; tells <paramref name="probe"/>
    /// "stalled", then how the flow ended (the exception's type name).</summary>
    private sealed class StalledFlow(IActorRef probe) : FlowRequestHandler
    {
        protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
            Flow.Create<ByteString>()
                .SelectAsync(1, _ =>
                {
                    probe.Tell("stalled");
                    return new TaskCompletionSource<ByteString>().Task;
                })
                .WatchTermination((_, done) =>
                {
                    done.ContinueWith(t => probe.Tell(t.Exception?.GetBaseException().GetType().Name ?? "completed"));
                    return NotUsed.Instance;
                });
    }
}
