using System.Diagnostics;
using ActorServer.Actors;
using ActorServer.Modes;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

/// <summary>One request's actor alone, over a request accepted from a loopback socket of the test's own.</summary>
public sealed class ConnectionActorSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private readonly LoopbackRequests _loopback = new();
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Says "started", then waits until the test releases it (its client is ignored); says "cancelled" when its
    /// token fires first.</summary>
    private sealed class WaitingHandler(IActorRef reporter, Task released) : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            reporter.Tell("started");
            try
            {
                await released.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                reporter.Tell("cancelled");
                throw;
            }
        }
    }

    private TcpServer Server() => new(AnyLoopbackPort, () => new WaitingHandler(TestActor, _release.Task), bindAndActivate: false, system: Sys);

    private static RunSettings Run(SocketServer server, TimeSpan? requestTimeout = null) =>
        new(server, ServerSettings.Create(null) with { Mode = ServingMode.Synchronous, RequestTimeout = requestTimeout }, ServerMode.For(ServingMode.Synchronous));

    private async Task<(IActorRef Actor, System.Net.Sockets.Socket Client)> StartAsync(RunSettings run)
    {
        var (request, client) = await _loopback.NextAsync();
        var actor = Watch(Sys.ActorOf(ConnectionActor.Props(run, request)));
        await ExpectMsgAsync("started");
        return (actor, client);
    }

    protected override void AfterAll()
    {
        _release.TrySetResult();
        _loopback.Dispose();
        base.AfterAll();
    }

    [Fact]
    public async Task A_connection_actor_must_cancel_a_hanging_handler_at_the_request_timeout_and_stop()
    {
        await using var server = Server();
        var timeout = TimeSpan.FromMilliseconds(300);
        var started = Stopwatch.StartNew();

        var (actor, client) = await EventFilter.Warning(contains: "passed the request-timeout of 300 ms").ExpectOneAsync(() =>
            StartAsync(Run(server, requestTimeout: timeout)));
        await ExpectMsgAsync("cancelled");

        Assert.True(started.Elapsed >= timeout, $"the handler was cancelled {started.ElapsedMilliseconds} ms after it started");
        await ExpectTerminatedAsync(actor);
        Assert.True(await LoopbackRequests.ClosedByServerAsync(client));
    }

    [Fact]
    public async Task A_connection_actor_must_not_cancel_a_handler_before_its_request_timeout()
    {
        await using var server = Server();

        var (actor, client) = await StartAsync(Run(server, requestTimeout: TimeSpan.FromSeconds(3)));

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        _release.SetResult();
        await ExpectTerminatedAsync(actor);
        Assert.True(await LoopbackRequests.ClosedByServerAsync(client));
    }

    [Fact]
    public async Task A_connection_actor_must_close_its_request_and_stop_when_the_handler_completes()
    {
        await using var server = Server();
        var (actor, client) = await StartAsync(Run(server));

        _release.SetResult();

        await ExpectTerminatedAsync(actor);
        Assert.True(await LoopbackRequests.ClosedByServerAsync(client));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_cancelled_request_must_fire_its_handlers_token_close_its_connection_and_stop()
    {
        await using var server = Server();
        var (actor, client) = await StartAsync(Run(server));

        actor.Tell(CancelRequest.Instance);

        await ExpectMsgAsync("cancelled");
        await ExpectTerminatedAsync(actor);
        Assert.True(await LoopbackRequests.ClosedByServerAsync(client));
    }
}
