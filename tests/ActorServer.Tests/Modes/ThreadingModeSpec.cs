using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

public sealed class ThreadingModeSpec(ITestOutputHelper output) : ServerSpec(output, "actor-server.handler-dispatcher.dedicated-thread-pool.thread-count = 8")
{
    private const int Concurrent = 5;

    /// <summary>
    /// Blocks in Handle() until <see cref="Concurrent"/> handlers are inside Handle() together: it can only succeed
    /// when requests really run at the same time. Replies with what thread it ran on.
    /// </summary>
    private sealed class RendezvousHandler : StreamRequestHandler
    {
        public static Barrier Rendezvous = new(Concurrent);
        public static TimeSpan Patience = TimeSpan.FromSeconds(10);

        public override void Handle()
        {
            var met = Rendezvous.SignalAndWait(Patience);
            var thread = Thread.CurrentThread;
            Write($"{(met ? "met" : "alone")} {thread.ManagedThreadId} {(thread.IsThreadPoolThread ? "pool" : "dedicated")} {thread.Name}\n");
        }
    }

    private async Task<string[]> RunConcurrently(SocketServer server)
    {
        RendezvousHandler.Rendezvous = new Barrier(Concurrent);
        RendezvousHandler.Patience = TimeSpan.FromSeconds(10);
        _ = Serve(server);
        var replies = await Task.WhenAll(Enumerable.Range(0, Concurrent)
            .Select(_ => LineClient.RoundTripAsync(server.ServerAddress, "hello")));
        return replies;
    }

    [Fact]
    public async Task Threading_mode_must_run_requests_concurrently_on_dedicated_threads()
    {
        await using var server = Tcp<RendezvousHandler>(s => s.Mode = ServingMode.Threading);

        var replies = await RunConcurrently(server);

        Assert.All(replies, r => Assert.StartsWith("met ", r));
        Assert.All(replies, r => Assert.Equal("dedicated", r.Split(' ')[2]));
        Assert.All(replies, r => Assert.StartsWith("actor-server.handler-dispatcher", r.Split(' ')[3]));
        Assert.Equal(Concurrent, replies.Select(r => r.Split(' ')[1]).Distinct().Count());
    }

    [Fact]
    public async Task A_pinned_dispatcher_must_give_each_request_a_thread_of_its_own()
    {
        await using var server = Tcp<RendezvousHandler>(s =>
        {
            s.Mode = ServingMode.Threading;
            s.Dispatcher = "actor-server.pinned-dispatcher";
        });

        var replies = await RunConcurrently(server);

        Assert.All(replies, r => Assert.StartsWith("met ", r));
        Assert.Equal(Concurrent, replies.Select(r => r.Split(' ')[1]).Distinct().Count());
    }

    [Fact]
    public async Task An_empty_dispatcher_must_run_handlers_on_the_thread_pool()
    {
        await using var server = Tcp<RendezvousHandler>(s =>
        {
            s.Mode = ServingMode.Threading;
            s.Dispatcher = "";
        });

        var replies = await RunConcurrently(server);

        Assert.All(replies, r => Assert.Equal("pool", r.Trim().Split(' ')[2]));
    }

    [Fact]
    public async Task Synchronous_mode_must_serve_one_request_at_a_time()
    {
        await using var server = Tcp<RendezvousHandler>();

        RendezvousHandler.Rendezvous = new Barrier(2);
        RendezvousHandler.Patience = TimeSpan.FromMilliseconds(500);
        _ = Serve(server);
        using var first = await LineClient.ConnectAsync(server.ServerAddress);
        await first.SendAsync("x\n");
        using var second = await LineClient.ConnectAsync(server.ServerAddress);
        await second.SendAsync("x\n");

        // Each handler waits in vain for the other to run beside it: the server serves them in turn.
        Assert.StartsWith("alone", await first.ReadToEndAsync());
        Assert.StartsWith("alone", await second.ReadToEndAsync());
    }

    /// <summary>"block" holds a dispatcher thread until released; anything else is answered at once.</summary>
    private sealed class MixedHandler : StreamRequestHandler
    {
        public static readonly ManualResetEventSlim Release = new();
        public static int Blocked;

        public override void Handle()
        {
            if (ReadLine() != "block")
            {
                Write("quick\n");
                return;
            }
            Interlocked.Increment(ref Blocked);
            if (!Release.Wait(TimeSpan.FromSeconds(10)))
                throw new TimeoutException("never released");
            Write("released\n");
        }
    }

    [Fact]
    public async Task Blocked_handlers_must_not_delay_accepting_and_serving_others()
    {
        MixedHandler.Release.Reset();
        Interlocked.Exchange(ref MixedHandler.Blocked, 0);
        await using var server = Tcp<MixedHandler>(s => s.Mode = ServingMode.Threading);
        _ = Serve(server);

        var blocked = Enumerable.Range(0, 3).Select(_ => LineClient.RoundTripAsync(server.ServerAddress, "block")).ToArray();
        await AwaitConditionAsync(() => Task.FromResult(Volatile.Read(ref MixedHandler.Blocked) == 3));

        Assert.Equal("quick\n", await LineClient.RoundTripAsync(server.ServerAddress, "quick"));

        MixedHandler.Release.Set();
        Assert.All(await Task.WhenAll(blocked), r => Assert.Equal("released\n", r));
    }
}
