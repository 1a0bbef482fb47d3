using System.Net.Sockets;
using ActorServer.Actors;
using ActorServer.Modes;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

/// <summary>
/// Past <see cref="RequestShards.DirectLimit"/> requests in flight the request supervisor puts new requests under
/// shards of its own: it still counts each one, drains them, cancels them at the drain timeout, and applies the
/// on-handler-error policy to a failure in one.
/// </summary>
public sealed class RequestShardSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const int TwoShards = RequestShards.DirectLimit + RequestShards.ShardSize + 1;

    private readonly LoopbackRequests _loopback = new();
    private readonly RequestGate _gate = new();
    private readonly List<Socket> _clients = [];

    protected override void AfterAll()
    {
        _gate.Releases.Release(TwoShards * 2);
        foreach (var client in _clients)
            client.Dispose();
        _loopback.Dispose();
        base.AfterAll();
    }

    /// <summary>A request supervisor serving a run of <paramref name="server"/>, its listener a probe.</summary>
    private async Task<IActorRef> ServingAsync(SocketServer server, Akka.TestKit.TestProbe listener)
    {
        var run = new RunSettings(server, ServerSettings.Create(null) with { Mode = ServingMode.Threading, MaxConnections = 1024 }, ServerMode.For(ServingMode.Threading));
        var requests = Sys.ActorOf(RequestSupervisor.Props(Sys.Settings.Config));
        requests.Tell(new BeginRun(run), listener.Ref);
        requests.Tell(new WantAdmission(AfterPause: false), listener.Ref);
        await listener.ExpectMsgAsync<Admitted>();
        return requests;
    }

    /// <summary>Hands <paramref name="count"/> requests over and waits until each handler has started.</summary>
    private async Task StartHeldAsync(IActorRef requests, Akka.TestKit.TestProbe listener, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (request, client) = await _loopback.NextAsync();
            _clients.Add(client);
            requests.Tell(new StartRequest(request), listener.Ref);
            await ExpectMsgAsync("started");
        }
    }

    private async Task<int> LiveAsync(IActorRef requests) =>
        (await requests.Ask<ServerStatus>(new StatusQuery(ServerState.Serving), Patience)).Live;

    private TcpServer HeldServer()
    {
        _gate.Reporter = TestActor;
        return new TcpServer(AnyLoopbackPort, () => new HeldHandler(_gate), bindAndActivate: false, system: Sys);
    }

    [Fact]
    public async Task Requests_past_the_direct_limit_must_go_into_shards_and_still_be_counted_and_drained()
    {
        await using var server = HeldServer();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(server, listener);

        await StartHeldAsync(requests, listener, TwoShards);

        Assert.Equal(TwoShards, await LiveAsync(requests));
        // Two shards: the first full, the second with the one request past it; no third.
        await Sys.ActorSelection(requests.Path / "shard-1").ResolveOne(Patience);
        await Sys.ActorSelection(requests.Path / "shard-2").ResolveOne(Patience);
        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection(requests.Path / "shard-3").ResolveOne(TimeSpan.FromSeconds(1)));
        var inShardTwo = await Sys.ActorSelection(requests.Path / "shard-2" / "*").Ask<ActorIdentity>(new Identify("two"), Patience);
        Assert.Equal($"conn-{TwoShards}", inShardTwo.Subject!.Path.Name);

        var drainer = CreateTestProbe();
        requests.Tell(new Drain(TimeSpan.FromSeconds(30)), drainer.Ref);
        _gate.Releases.Release(TwoShards - 1);
        await drainer.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, await LiveAsync(requests));

        _gate.Releases.Release();
        await drainer.ExpectMsgAsync(Drained.Instance, Patience);
        Assert.Equal(0, await LiveAsync(requests));
    }

    [Fact]
    public async Task A_drain_timeout_must_cancel_the_requests_in_shards_too()
    {
        await using var server = HeldServer();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(server, listener);
        await StartHeldAsync(requests, listener, TwoShards);

        var drainer = CreateTestProbe();
        requests.Tell(new Drain(TimeSpan.FromMilliseconds(100)), drainer.Ref);

        for (var i = 0; i < TwoShards; i++)
            await ExpectMsgAsync("cancelled", Patience);
        await drainer.ExpectMsgAsync(Drained.Instance, Patience);
    }

    [Fact]
    public async Task A_shard_must_make_room_again_as_its_requests_end()
    {
        await using var server = HeldServer();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(server, listener);
        await StartHeldAsync(requests, listener, TwoShards);

        // All end; as many start again: the direct ones and shard-1 are refilled, no shard is added.
        _gate.Releases.Release(TwoShards);
        await AwaitAssertAsync(async () => Assert.Equal(0, await LiveAsync(requests)), Patience);
        await StartHeldAsync(requests, listener, TwoShards);
        Assert.Equal(TwoShards, await LiveAsync(requests));
        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection(requests.Path / "shard-3").ResolveOne(TimeSpan.FromSeconds(1)));
        _gate.Releases.Release(TwoShards);
    }

    [Theory]
    [InlineData(HandlerErrorPolicy.StopServer)]
    [InlineData(HandlerErrorPolicy.Escalate)]
    public async Task A_failure_in_a_shard_must_end_serve_forever_under_its_policy(HandlerErrorPolicy policy)
    {
        _gate.Reporter = TestActor;
        await using var server = new TcpServer(AnyLoopbackPort, () => new HoldOrExplode(_gate), system: Sys) { Mode = ServingMode.Threading, OnHandlerError = policy };
        var serving = Serve(server);
        for (var i = 0; i < RequestShards.DirectLimit; i++)
        {
            var client = await LineClient.ConnectAsync(server.ServerAddress);
            _clients.Add(client.Socket);
            await client.SendAsync("hold\n");
            await ExpectMsgAsync("started", Patience);
        }

        // The next request is in shard-1.
        using var failing = await LineClient.ConnectAsync(server.ServerAddress);
        await failing.SendAsync("boom\n");

        var failure = await Assert.ThrowsAsync<HandlerFailedException>(() => serving.WaitAsync(Patience));
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.False(server.IsServing);
    }

    [Fact]
    public async Task A_failure_in_a_shard_under_keep_serving_must_be_counted_as_ended()
    {
        _gate.Reporter = TestActor;
        await using var server = new TcpServer(AnyLoopbackPort, () => new HoldOrExplode(_gate), system: Sys) { Mode = ServingMode.Threading };
        _ = Serve(server);
        for (var i = 0; i < RequestShards.DirectLimit; i++)
        {
            var client = await LineClient.ConnectAsync(server.ServerAddress);
            _clients.Add(client.Socket);
            await client.SendAsync("hold\n");
            await ExpectMsgAsync("started", Patience);
        }

        await EventFilter.Exception<InvalidOperationException>(contains: "exploded on purpose").ExpectOneAsync(async () =>
            Assert.Equal(string.Empty, await LineClient.RoundTripAsync(server.ServerAddress, "boom")));

        await AwaitAssertAsync(async () => Assert.Equal(RequestShards.DirectLimit, (await server.GetStatusAsync()).Live), Patience);
        _gate.Releases.Release(RequestShards.DirectLimit);
        await AwaitAssertAsync(async () => Assert.Equal(0, (await server.GetStatusAsync()).Live), Patience);
    }

    /// <summary>Holds its request on the line "hold" (as <see cref="HeldHandler"/>), throws on any other.</summary>
    private sealed class HoldOrExplode(RequestGate gate) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            if (await ReadLineAsync(ct) is not "hold")
                throw new InvalidOperationException("exploded on purpose");
            gate.Reporter.Tell("started");
            await gate.Releases.WaitAsync(ct);
        }
    }
}
