using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

public sealed class ThreadingModeSpec(ITestOutputHelper output) : ServerSpec(output, """
    actor-server.handler-dispatcher.blocking-executor.thread-count = 8
    # The default's kind of dispatcher under a name of its own: an asynchronous-only handler uses it only when named.
    dedicated-dispatcher {
      type = Dispatcher
      executor = "ActorServer.Modes.BlockingExecutorConfigurator, ActorServer"
      blocking-executor.thread-count = 4
    }
    """)
{
    private const int Concurrent = 5;

    /// <summary>
    /// Blocks in Handle() until the barrier's other participants are inside Handle() too: it can only meet them
    /// when requests really run at the same time. Replies with whether it met them and what thread it ran on.
    /// </summary>
    private sealed class RendezvousHandler(Barrier rendezvous, TimeSpan patience) : StreamRequestHandler
    {
        public override void Handle()
        {
            var met = rendezvous.SignalAndWait(patience);
            var thread = Thread.CurrentThread;
            Write($"{(met ? "met" : "alone")} {thread.ManagedThreadId} {(thread.IsThreadPoolThread ? "pool" : "dedicated")} {thread.Name}\n");
        }
    }

    private TcpServer Rendezvous(int participants, TimeSpan patience, Action<TcpServer> configure)
    {
        var barrier = new Barrier(participants);
        var server = new TcpServer(AnyLoopbackPort, () => new RendezvousHandler(barrier, patience), bindAndActivate: false, system: Sys);
        configure(server);
        server.ServerBind();
        server.ServerActivate();
        return server;
    }

    private async Task<string[]> RunConcurrently(Action<TcpServer> configure)
    {
        await using var server = Rendezvous(Concurrent, TimeSpan.FromSeconds(10), configure);
        _ = Serve(server);
        return await Task.WhenAll(Enumerable.Range(0, Concurrent)
            .Select(_ => LineClient.RoundTripAsync(server.ServerAddress, "hello")));
    }

    [Fact]
    public async Task Threading_mode_must_run_requests_concurrently_on_dedicated_threads()
    {
        var replies = await RunConcurrently(s => s.Mode = ServingMode.Threading);

        Assert.All(replies, r => Assert.StartsWith("met ", r));
        Assert.All(replies, r => Assert.Equal("dedicated", r.Split(' ')[2]));
        Assert.All(replies, r => Assert.StartsWith("actor-server.handler-dispatcher", r.Split(' ')[3]));
        Assert.Equal(Concurrent, replies.Select(r => r.Split(' ')[1]).Distinct().Count());
    }

    [Fact]
    public async Task A_pinned_dispatcher_must_give_each_request_a_thread_of_its_own()
    {
        var replies = await RunConcurrently(s =>
        {
            s.Mode = ServingMode.Threading;
            s.Dispatcher = "actor-server.pinned-dispatcher";
        });

        Assert.All(replies, r => Assert.StartsWith("met ", r));
        Assert.Equal(Concurrent, replies.Select(r => r.Split(' ')[1]).Distinct().Count());
    }

    [Fact]
    public async Task An_empty_dispatcher_must_run_handlers_on_the_thread_pool()
    {
        var replies = await RunConcurrently(s =>
        {
            s.Mode = ServingMode.Threading;
            s.Dispatcher = "";
        });

        Assert.All(replies, r => Assert.Equal("pool", r.Trim().Split(' ')[2]));
    }

    [Fact]
    public async Task Synchronous_mode_must_serve_one_request_at_a_time()
    {
        await using var server = Rendezvous(2, TimeSpan.FromMilliseconds(500), _ => { });
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

    [Fact]
    public async Task Handle_request_must_keep_counting_its_request_so_serving_after_stays_within_max_connections()
    {
        // Outside synchronous mode handle_request returns once its request is dispatched, while the request runs on.
        await using var server = Tcp<ScriptedStreamHandler>(s =>
        {
            s.Mode = ServingMode.Threading;
            s.MaxConnections = 2;
        });
        using (var first = new HandlerProbe(open: false))
        {
            var reply = LineClient.RoundTripAsync(server.ServerAddress, Script.Visit(first, "one"));
            Assert.True(await server.HandleRequestAsync().WaitAsync(Patience));
            Assert.Equal("one", (await first.NextVisitAsync()).Text);
            first.Open();
            Assert.Equal("ONE\n", await reply);
        }

        using var probe = new HandlerProbe(open: false);
        _ = Serve(server);
        var replies = Task.WhenAll(new[] { "a", "b", "c" }.Select(text => LineClient.RoundTripAsync(server.ServerAddress, Script.Visit(probe, text))));
        await probe.NextVisitAsync();
        await probe.NextVisitAsync();

        // A bounded negative check: a listener that lost count of handle_request's request admits a third one here.
        Assert.False(await probe.VisitArrivesWithinAsync(TimeSpan.FromMilliseconds(300)), "three requests ran at once with MaxConnections = 2");
        probe.Open();
        Assert.Equal(["A\n", "B\n", "C\n"], (await replies.WaitAsync(Patience)).Order());
    }

    /// <summary>Starts each read before it tells the client to send, so every read has to wait; says where each await
    /// came back, and whether the scheduler there was still the handler's (its next awaits depend on it).</summary>
    private sealed class WaitingReadHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var report = new List<string>();
            var line = ReadLineAsync(cancellationToken);
            await WriteAsync("go\n", cancellationToken);
            report.Add(Where(await line));
            var bytes = new byte[16];
            for (var round = 0; round < 3; round++)
            {
                var read = ReadAsync(bytes, cancellationToken);
                await WriteAsync("go\n", cancellationToken);
                report.Add(Where((await read).ToString()));
            }
            await WriteAsync(string.Join('|', report) + "\n", cancellationToken);
        }

        private static string Where(string? got) =>
            $"{got}:{(Thread.CurrentThread.IsThreadPoolThread ? "pool" : "dedicated")}:{(TaskScheduler.Current == TaskScheduler.Default ? "default" : "handler")}:{Thread.CurrentThread.Name}";
    }

    [Fact]
    public async Task An_async_handler_must_come_back_to_its_dispatcher_after_every_read_that_had_to_wait()
    {
        await using var server = Tcp<WaitingReadHandler>(s =>
        {
            s.Mode = ServingMode.Threading;
            s.Dispatcher = "dedicated-dispatcher";
        });
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        var reader = new StreamReader(new NetworkStream(client.Socket, ownsSocket: false));

        foreach (var send in new[] { "x\n", "ab", "cd", "ef" })
        {
            Assert.Equal("go", await reader.ReadLineAsync().WaitAsync(Patience));
            await client.SendAsync(send);
        }
        var report = (await reader.ReadLineAsync().WaitAsync(Patience))!.Split('|');

        Assert.Equal(4, report.Length);
        Assert.All(report, r => Assert.Matches("^[^:]+:dedicated:handler:dedicated-dispatcher", r));
        Assert.Equal(["x", "2", "2", "2"], report.Select(r => r.Split(':')[0]));
    }
}
