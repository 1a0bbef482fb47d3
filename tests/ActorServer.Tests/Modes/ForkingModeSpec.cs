using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ActorServer.Modes.Forking;
using ActorServer.Tests.Support;
using Akka.Event;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>Forking mode with real child processes.</summary>
public sealed class ForkingModeSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Obeys the client's first line; runs in a child process.</summary>
    public sealed class ChildProbeHandler : StreamRequestHandler
    {
        /// <summary>Changed only in children: the parent's copy must stay 0.</summary>
        public static int Counter;

        public override void Handle()
        {
            switch (ReadLine())
            {
                case "pid":
                    Write($"{Environment.ProcessId}\n");
                    break;
                case "count":
                    Write($"{++Counter} {Environment.ProcessId}\n");
                    break;
                case "wait":
                    var next = ReadLine();
                    Write($"{next} {Environment.ProcessId}\n");
                    break;
                case "throw":
                    throw new InvalidOperationException("thrown in the child on purpose");
                case "crash":
                    Environment.FailFast("crashing the child on purpose");
                    break;
                case "exit":
                    Environment.Exit(3);
                    break;
                case "hang":
                    Thread.Sleep(System.Threading.Timeout.Infinite);
                    break;
            }
        }
    }

    private TcpServer<ChildProbeHandler> Forking(Action<TcpServer<ChildProbeHandler>>? configure = null) =>
        Tcp<ChildProbeHandler>(s =>
        {
            s.Mode = ServingMode.Forking;
            configure?.Invoke(s);
        });

    private static async Task<int> PidOf(SocketServer server) =>
        int.Parse((await LineClient.RoundTripAsync(server.ServerAddress, "pid")).Trim());

    [Fact]
    public async Task Each_request_must_run_in_a_fresh_child_process_by_default()
    {
        await using var server = Forking();
        _ = Serve(server);

        var first = await PidOf(server);
        var second = await PidOf(server);

        Assert.NotEqual(Environment.ProcessId, first);
        Assert.NotEqual(Environment.ProcessId, second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task State_a_child_changes_must_never_reach_the_server()
    {
        // One child at a time, never recycled: each request finds the child the last one used.
        await using var server = Forking(s =>
        {
            s.RequestsPerChild = 0;
            s.MaxChildren = 1;
        });
        _ = Serve(server);

        var replies = new List<string>();
        for (var i = 0; i < 3; i++)
            replies.Add((await LineClient.RoundTripAsync(server.ServerAddress, "count")).Trim());

        // One reused child counted 1, 2, 3; the server's own copy of the counter never moved.
        Assert.Equal(["1", "2", "3"], replies.Select(r => r.Split(' ')[0]));
        Assert.Single(replies.Select(r => r.Split(' ')[1]).Distinct());
        Assert.Equal(0, ChildProbeHandler.Counter);
    }

    [Fact]
    public async Task A_warm_pool_must_start_children_before_any_request_and_serve_from_them()
    {
        await using var server = Forking(s => s.WarmChildren = 2);
        _ = Serve(server);

        await AwaitAssertAsync(() => Assert.Equal(2, server.ActiveChildren.Count), Patience);
        var warm = server.ActiveChildren.ToHashSet();

        Assert.Contains(await PidOf(server), warm);
    }

    [Theory]
    [InlineData("throw", "InvalidOperationException: thrown in the child on purpose")]
    [InlineData("crash", "killed by signal 6 (SIGABRT)")]
    [InlineData("exit", "exited with code 3")]
    public async Task A_failing_child_must_be_reported_and_the_server_must_keep_serving(string command, string reported)
    {
        await using var server = Forking();
        _ = Serve(server);

        await EventFilter.Error(contains: reported).ExpectOneAsync(async () =>
            Assert.Equal(string.Empty, await LineClient.RoundTripAsync(server.ServerAddress, command)));

        Assert.NotEqual(Environment.ProcessId, await PidOf(server));
    }

    [Theory]
    [InlineData(null)]
    [InlineData(10_000)]   // a request-timeout longer than the child-timeout leaves the hang to the child-timeout
    public async Task A_child_that_hangs_past_its_timeout_must_be_killed_and_reported(int? requestTimeoutMs)
    {
        await using var server = Forking(s =>
        {
            s.ChildTimeout = TimeSpan.FromMilliseconds(500);
            s.RequestTimeout = requestTimeoutMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null;
        });
        _ = Serve(server);

        await EventFilter.Error(contains: "hung past the child timeout of 500 ms; killed").ExpectOneAsync(async () =>
            Assert.Equal(string.Empty, await LineClient.RoundTripAsync(server.ServerAddress, "hang")));

        await AwaitAssertAsync(() => Assert.Empty(server.ActiveChildren), Patience);
        Assert.NotEqual(Environment.ProcessId, await PidOf(server));
    }

    [Fact]
    public async Task A_request_timeout_shorter_than_the_child_timeout_must_kill_the_child_as_a_timeout_not_a_handler_failure()
    {
        // stop-server would stop serving at the first handler failure; a request that timed out is not one.
        await using var server = Forking(s =>
        {
            s.RequestTimeout = TimeSpan.FromMilliseconds(500);
            s.ChildTimeout = TimeSpan.FromSeconds(10);
            s.OnHandlerError = HandlerErrorPolicy.StopServer;
            s.MaxChildren = 1;
            s.WarmChildren = 1;
            s.RequestsPerChild = 0;
        });
        var serving = Serve(server);
        // The warm child started, and a round trip to it: with one request at a time the next request finds it idle,
        // and the request-timeout's clock, which starts at accept, runs in the handler, not in a child's start.
        await AwaitChildAsync(server);
        await PidOf(server);
        var idle = server.ActiveChildren.ToHashSet();
        // The runtime's diagnostic pipes of the child, which a killed child cannot remove itself.
        Assert.NotEmpty(RuntimeLeftovers.Of(idle.Single()));

        var warnings = new ConcurrentQueue<string>();
        await EventFilter.Custom<Warning>(w =>
        {
            if (w.Message.ToString() is not { } text || !text.Contains("Request from ", StringComparison.Ordinal))
                return false;
            warnings.Enqueue(text);
            return true;
        }).ExpectAsync(2, async () => Assert.Equal(string.Empty, await LineClient.RoundTripAsync(server.ServerAddress, "hang")));

        // The cause, then the child it killed; both name the client.
        var killed = 0;
        Assert.Collection(warnings,
            w => Assert.EndsWith(" passed the request-timeout of 500 ms: its child process is killed, which closes its connection", w),
            w =>
            {
                var match = Regex.Match(w, @": child process (\d+): killed, as its request was cancelled$");
                Assert.True(match.Success, w);
                killed = int.Parse(match.Groups[1].Value);
            });
        Assert.Single(warnings.Select(w => w[(w.IndexOf("Request from ", StringComparison.Ordinal) + "Request from ".Length)..].Split(' ')[0].TrimEnd(':')).Distinct());
        Assert.Contains(killed, idle);

        await AwaitAssertAsync(() =>
        {
            Assert.DoesNotContain(killed, server.ActiveChildren);
            AssertGone([killed]);
            Assert.Empty(RuntimeLeftovers.Of(killed));
        }, Patience);
        Assert.False(serving.IsCompleted, "the request-timeout stopped the server as a handler failure would");
        // The next request may need a cold child, whose start alone can pass 500 ms on a loaded machine: a run's
        // settings are frozen, so the next run serves it without the limit.
        await server.ShutdownAsync().WaitAsync(Patience);
        await serving.WaitAsync(Patience);
        server.RequestTimeout = null;
        _ = Serve(server);
        Assert.NotEqual(killed, await PidOf(server));
    }

    [Fact]
    public async Task A_child_killed_from_outside_in_the_middle_of_a_request_must_be_reported_with_its_signal()
    {
        await using var server = Forking();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("wait\n");
        var child = await AwaitChildAsync(server);

        await EventFilter.Error(contains: $"child process {child}: crashed: killed by signal 9 (SIGKILL)").ExpectOneAsync(async () =>
        {
            System.Diagnostics.Process.GetProcessById(child).Kill();
            // A child killed before it read the line leaves unread data in the socket: the close is then a reset.
            Assert.Equal(string.Empty, await client.ReadToEndAsync(resetEnds: true));
        });

        await AwaitAssertAsync(() => Assert.Empty(server.ActiveChildren), Patience);
        Assert.NotEqual(Environment.ProcessId, await PidOf(server));
    }

    private async Task<int> AwaitChildAsync(SocketServer server)
    {
        await AwaitAssertAsync(() => Assert.Single(server.ActiveChildren), Patience);
        return server.ActiveChildren.Single();
    }

    [Fact]
    public async Task Stop_server_must_fail_serve_forever_with_the_childs_exception()
    {
        await using var server = Forking(s => s.OnHandlerError = HandlerErrorPolicy.StopServer);
        var serving = Serve(server);

        await LineClient.RoundTripAsync(server.ServerAddress, "throw");

        var failure = await Assert.ThrowsAsync<HandlerFailedException>(() => serving.WaitAsync(Patience));
        var child = Assert.IsType<ChildProcessException>(failure.InnerException);
        Assert.Equal(typeof(InvalidOperationException).FullName, child.RemoteType);
        Assert.Contains("ChildProbeHandler.Handle", child.RemoteStackTrace);
    }

    [Fact]
    public async Task Max_children_must_bound_the_live_children_and_hold_back_further_requests()
    {
        await using var server = Forking(s => s.MaxChildren = 2);
        _ = Serve(server);

        var clients = new List<LineClient>();
        for (var i = 0; i < 4; i++)
        {
            var client = await LineClient.ConnectAsync(server.ServerAddress);
            await client.SendAsync("wait\n");
            clients.Add(client);
        }
        await AwaitAssertAsync(() => Assert.Equal(2, server.ActiveChildren.Count), Patience);
        Assert.False(clients[2].HasDataWithin(TimeSpan.FromMilliseconds(300)), "a third request was served beyond max_children");
        Assert.Equal(2, server.ActiveChildren.Count);

        foreach (var (client, i) in clients.Select((c, i) => (c, i)))
            await client.SendAsync($"reply{i}\n");
        var replies = await Task.WhenAll(clients.Select(c => c.ReadToEndAsync()));

        Assert.Equal(["reply0", "reply1", "reply2", "reply3"], replies.Select(r => r.Split(' ')[0]));
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Max_children_must_bound_every_child_process_alive_warming_ones_included()
    {
        await using var server = Forking(s =>
        {
            s.MaxChildren = 2;
            s.WarmChildren = 2;
        });
        _ = Serve(server);
        var controlPath = server.ForkBridge.ControlPath;
        var peak = 0;
        using var done = new CancellationTokenSource();
        // Samples the processes that really exist (from /proc), as Python's max_children counts them: until reaped.
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, ChildProcessesOf(controlPath));
                await Task.Delay(1);
            }
        });

        for (var round = 0; round < 5; round++)
        {
            var pids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PidOf(server)));
            Assert.Equal(4, pids.Distinct().Count());
        }
        await done.CancelAsync();
        await sampler;

        Assert.InRange(peak, 1, 2);
    }

    /// <summary>The processes started for the fork bridge listening at <paramref name="controlPath"/>, by their command line
    /// (an exited child not yet reaped has none any more, so this undercounts Python's count by those).</summary>
    private static int ChildProcessesOf(string controlPath)
    {
        var count = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsDigit(Path.GetFileName(dir)[0]))
                continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0').Contains(controlPath))
                    count++;
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
        return count;
    }

    [Fact]
    public async Task A_request_cancelled_while_its_child_starts_must_end_as_cancelled_not_as_a_handler_failure()
    {
        await using var server = Forking();
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        using var accepted = await server.Socket.AcceptAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        // Cancelled (by a timeout or the drain) before any child is ready: the bridge starts one, gives up on it and
        // reaps it, and reports a cancellation, which no error policy sees.
        var outcome = await server.ForkBridgeFor(ServerSettings.Create(null)).ServeAsync(new StreamRequest(accepted), ServerSettings.Create(null), cancelled.Token, finishing: null).WaitAsync(Patience);

        Assert.Equal(new ActorServer.Actors.RequestOutcome(null, Cancelled: true), outcome);
        Assert.Empty(server.ActiveChildren);
    }

    [Fact]
    public async Task Closing_the_server_must_reap_every_child()
    {
        var server = ServingWarm(3);
        await AwaitAssertAsync(() => Assert.Equal(3, server.ActiveChildren.Count), Patience);
        var children = server.ActiveChildren.ToList();

        await server.DisposeAsync();

        AssertGone(children);
    }

    [Fact]
    public async Task Closing_the_server_must_reap_children_that_are_still_starting()
    {
        var server = ServingWarm(3);
        // The children exist as processes (their command line names this server's control socket) well before they
        // have connected back and count as active: closing now catches them starting.
        var control = server.ForkBridge.ControlPath;
        int[] starting = [];
        await AwaitAssertAsync(() =>
        {
            starting = ProcessesMentioning(control);
            Assert.Equal(3, starting.Length);
        }, Patience, TimeSpan.FromMilliseconds(20));

        await server.DisposeAsync();

        AssertGone(starting);
    }

    /// <summary>A forking server serving with <paramref name="children"/> warm children that are never recycled.</summary>
    private TcpServer<ChildProbeHandler> ServingWarm(int children)
    {
        var server = Forking(s =>
        {
            s.WarmChildren = children;
            s.RequestsPerChild = 0;
        });
        _ = Serve(server);
        return server;
    }

    /// <summary>Gone means reaped too: a zombie still has its /proc entry.</summary>
    private static void AssertGone(IEnumerable<int> children) =>
        Assert.All(children, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"child {pid} outlived the server"));

    private static int[] ProcessesMentioning(string argument) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(int.Parse!)
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(argument);
                }
                catch (IOException)
                {
                    return false;   // it ended while we looked
                }
                catch (UnauthorizedAccessException)
                {
                    return false;   // another user's process
                }
            })];

    [Fact]
    public async Task Forking_mode_must_refuse_a_handler_factory_with_a_clear_error()
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new ChildProbeHandler(), system: Sys) { Mode = ServingMode.Forking };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.ServeForeverAsync());

        Assert.Contains("needs a handler type", error.Message);
    }
}
