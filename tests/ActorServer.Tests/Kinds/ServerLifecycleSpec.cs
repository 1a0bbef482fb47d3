using ActorServer.Tests.Support;
using Akka.Event;
using Xunit.Abstractions;

namespace ActorServer.Tests.Kinds;

/// <summary>
/// The lifecycle every server kind must pass in every serving mode, written once and run once per kind and mode (see
/// <see cref="TcpForkingLifecycleSpec"/> and its siblings): echo, many clients, as many at once as the mode allows,
/// verify_request, a failing handler, handle_request's timeout, a silent client under the handler's idle timeout, a
/// request cut off by request-timeout or in Finish by finish-timeout, shutdown from another task with a request in flight, and dispose. Real sockets on loopback ports
/// and temp paths, and in forking mode real child processes: the handlers are types whose behaviour the request's line
/// chooses (<see cref="Script"/>), and they meet the test at a <see cref="HandlerProbe"/>, which a child reaches as
/// well as a thread.
/// </summary>
public abstract class ServerLifecycleSpec(ServerKind kind, ServingMode mode, ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>The idle timeout, request-timeout and finish-timeout of the timeout tests: short, and long enough for a
    /// handler to reach the probe well inside it on a loaded machine (the clock starts at accept; in forking mode the
    /// request also crosses to a child process first).</summary>
    private TimeSpan PhaseLimit => mode == ServingMode.Forking ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(1);

    private readonly ServerHooks _hooks = new();

    [Fact]
    public async Task A_server_must_echo_a_line_upper_cased()
    {
        await using var server = Bound();
        var serving = Serve(server);

        Assert.Equal("HELLO WORLD\n", await kind.RoundTripAsync(server.ServerAddress, "hello world"));

        await server.ShutdownAsync();
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_server_must_serve_many_clients_one_after_another()
    {
        await using var server = Bound();
        Assert.Equal(mode, server.Mode);
        _ = Serve(server);

        for (var i = 0; i < 30; i++)
            Assert.Equal($"CLIENT {i}\n", await kind.RoundTripAsync(server.ServerAddress, $"client {i}"));
    }

    [Fact]
    public async Task A_server_must_run_as_many_handlers_at_once_as_its_mode_allows()
    {
        const int clients = 8;
        // Each handler is held at the probe until the test opens it: a synchronous server lets one in at a time, the
        // others let every client in at once, which only a server running them concurrently can do.
        var atOnce = mode == ServingMode.Synchronous ? 1 : clients;
        using var probe = new HandlerProbe(open: false);
        // A Unix stream connect that finds the backlog (5, as in Python) full fails at once instead of waiting as TCP's does.
        await using var server = Bound(s => s.RequestQueueSize = clients);
        _ = Serve(server);

        var replies = Task.WhenAll(Enumerable.Range(0, clients).Select(i => kind.RoundTripAsync(server.ServerAddress, Script.Visit(probe, $"client {i}"))));
        var held = new List<HandlerProbe.Visit>();
        for (var i = 0; i < atOnce; i++)
            held.Add(await probe.NextVisitAsync());
        // A bounded negative check: no handler beyond the mode's limit gets in while these are held.
        Assert.False(await probe.VisitArrivesWithinAsync(TimeSpan.FromMilliseconds(300)), $"more than {atOnce} handler(s) ran at once in {mode} mode");
        Assert.Equal(atOnce, held.Select(v => v.Text).Distinct().Count());
        // And each ran where the mode says: here, or (forking) each in a child of its own, since they overlap.
        if (mode == ServingMode.Forking)
            Assert.Equal(atOnce, held.Select(v => v.ProcessId).Where(pid => pid != Environment.ProcessId).Distinct().Count());
        else
            Assert.All(held, v => Assert.Equal(Environment.ProcessId, v.ProcessId));
        probe.Open();

        Assert.Equal(Enumerable.Range(0, clients).Select(i => $"CLIENT {i}\n"), await replies.WaitAsync(Patience));
        Assert.Equal(Enumerable.Range(0, clients).Select(i => $"client {i}"), probe.Visits.Select(v => v.Text).Order());
    }

    [Fact]
    public async Task A_server_must_close_a_request_that_verify_request_refuses_unseen_by_any_handler()
    {
        var verified = 0;
        _hooks.Verify = (_, _) => Interlocked.Increment(ref verified) > 1;   // refuse the first request only
        using var probe = new HandlerProbe(open: true);
        await using var server = Bound();
        var serving = Serve(server);

        await kind.SendUnansweredAsync(server.ServerAddress, Script.Visit(probe, "first"));
        Assert.Equal("SECOND\n", await kind.RoundTripAsync(server.ServerAddress, Script.Visit(probe, "second")));
        Assert.Equal(2, verified);

        // Shutdown waits for every handler, and a handler's visit is recorded before it goes on: had "first" reached
        // a handler, in any mode, the probe would have it now.
        await server.ShutdownAsync();
        await serving.WaitAsync(Patience);
        Assert.Equal(["second"], probe.Visits.Select(v => v.Text));
    }

    [Fact]
    public async Task A_server_must_keep_serving_after_a_handler_throws()
    {
        await using var server = Bound();
        _ = Serve(server);

        await EventFilter.Error(contains: "Exception occurred during processing of request")
            .ExpectOneAsync(() => kind.SendUnansweredAsync(server.ServerAddress, Script.Boom));

        Assert.Equal("AFTER\n", await kind.RoundTripAsync(server.ServerAddress, "after"));
    }

    [Fact]
    public async Task A_server_must_call_handle_timeout_when_handle_request_waits_in_vain_and_serve_one_request_otherwise()
    {
        await using var server = Bound(s => s.Timeout = TimeSpan.FromMilliseconds(200));

        Assert.False(await server.HandleRequestAsync().WaitAsync(Patience));
        Assert.Equal(1, _hooks.Timeouts);

        server.Timeout = null;
        var handling = server.HandleRequestAsync();
        Assert.Equal("ONE\n", await kind.RoundTripAsync(server.ServerAddress, "one"));
        Assert.True(await handling.WaitAsync(Patience));
        Assert.Equal(1, _hooks.Timeouts);
        Assert.False(server.IsServing);
    }

    [Fact]
    public async Task A_server_must_let_a_request_in_flight_finish_when_shut_down_from_another_task_and_serve_again_after()
    {
        using var probe = new HandlerProbe(open: false);
        await using var server = Bound();
        var serving = Serve(server);
        var inFlight = kind.RoundTripAsync(server.ServerAddress, Script.Visit(probe, "slow"));
        Assert.Equal("slow", (await probe.NextVisitAsync()).Text);

        var shutdown = Task.Run(server.ShutdownAsync);
        // A bounded negative check: shutdown must still be waiting for the request in flight.
        await Assert.ThrowsAsync<TimeoutException>(() => shutdown.WaitAsync(TimeSpan.FromMilliseconds(300)));
        probe.Open();

        Assert.Equal("SLOW\n", await inFlight.WaitAsync(Patience));
        await shutdown.WaitAsync(Patience);
        await serving.WaitAsync(Patience);
        Assert.False(server.IsServing);

        _ = Serve(server);
        Assert.Equal("AGAIN\n", await kind.RoundTripAsync(server.ServerAddress, "again"));
    }

    [Fact]
    public async Task A_silent_client_must_be_cut_off_by_the_handlers_idle_timeout_and_the_server_serve_the_next()
    {
        // One slot in every mode: the request after is served only once the silent client's is over.
        await using var server = Bound(s => s.MaxConnections = s.MaxChildren = 1);
        _ = Serve(server);

        // The handler sets its Timeout (Python's timeout) and reads a second line, which the client never sends.
        if (kind is StreamKind)
        {
            string? warning = null;
            Sent? sent = null;
            await EventFilter.Custom<Warning>(w => Captured(w, $"client was silent: no read completed within the handler timeout of {PhaseLimit.TotalMilliseconds} ms", ref warning))
                .ExpectOneAsync(async () => sent = await kind.SendAsync(server.ServerAddress, Script.Silent(PhaseLimit)).WaitAsync(Patience));
            Assert.Equal(string.Empty, sent!.Reply);
            // In forking mode the child's PeerTimeoutException crosses over as a client fault: a warning too.
            Assert.Contains($"client={sent.ClientName}: Request from {sent.ClientName} ended by the client in Handle: ", warning);
        }
        else
        {
            // A datagram is the whole request: a read past its end returns at once, with nothing for a client to hold.
            Assert.Equal("NO MORE\n", await kind.RoundTripAsync(server.ServerAddress, Script.Silent(PhaseLimit)));
        }
        Assert.Equal("AFTER\n", await kind.RoundTripAsync(server.ServerAddress, "after"));
    }

    [Fact]
    public Task A_server_must_end_a_request_that_passes_the_request_timeout_name_its_client_and_serve_the_next() =>
        // The handler is held at the probe in Handle: a stream client sees its connection closed without a reply.
        AssertCutOffAsync(s => s.RequestTimeout = PhaseLimit, "request-timeout", probe => Script.Visit(probe, "stuck"), "stuck", string.Empty);

    [Fact]
    public Task A_server_must_cut_off_a_finish_that_passes_the_finish_timeout_name_its_client_and_serve_the_next() =>
        // The handler replies in Handle, then is held at the probe in Finish: a stream client gets the reply, then sees
        // its connection closed; a datagram handler's reply is sent after Finish, so one cut off in Finish sends none.
        AssertCutOffAsync(s => s.FinishTimeout = PhaseLimit, "finish-timeout", probe => Script.VisitInFinish(probe, "tidy"), "tidy",
            kind is StreamKind ? "TIDY\n" : string.Empty);

    [Fact]
    public async Task A_server_must_stop_serving_and_free_its_address_when_disposed()
    {
        var server = Bound();
        var serving = Serve(server);
        var address = server.ServerAddress;
        Assert.Equal("X\n", await kind.RoundTripAsync(address, "x"));

        await server.DisposeAsync();

        await serving.WaitAsync(Patience);
        Assert.False(server.IsServing);
        Assert.True(server.Socket.SafeHandle.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.ServeForeverAsync());
        await server.DisposeAsync();   // a second dispose does nothing

        await using var successor = InMode(kind.CreateAt(address, Sys));
        _ = Serve(successor);
        Assert.Equal(address.ToString(), successor.ServerAddress.ToString());
        Assert.Equal("NEXT\n", await kind.RoundTripAsync(address, "next"));
    }

    private SocketServer Bound(Action<SocketServer>? configure = null)
    {
        var server = InMode(kind.Create(_hooks, Sys));
        configure?.Invoke(server);
        server.ServerBind();
        server.ServerActivate();
        return server;
    }

    private SocketServer InMode(SocketServer server)
    {
        server.Mode = mode;
        if (mode == ServingMode.Forking)
        {
            // Children started ahead and never recycled: process start-up is paid once per server, not per request.
            server.WarmChildren = 2;
            server.RequestsPerChild = 0;
        }
        return server;
    }

    /// <summary>
    /// Sends the line <paramref name="lineFor"/> makes, whose handler the probe holds past the limit that
    /// <paramref name="limit"/> sets, and checks the one warning that names <paramref name="setting"/> and the client,
    /// what the client got, and that the request's slot was freed: with one slot in every mode, the next request is
    /// served only then; in forking mode the child that ran the handler was killed and reaped (a zombie would keep its
    /// /proc entry) and no longer counts as active.
    /// </summary>
    private async Task AssertCutOffAsync(Action<SocketServer> limit, string setting, Func<HandlerProbe, string> lineFor, string visitText, string reply)
    {
        using var probe = new HandlerProbe(open: false);
        await using var server = Bound(s =>
        {
            s.MaxConnections = 1;
            s.MaxChildren = 1;
            limit(s);
        });
        _ = Serve(server);
        // In forking mode, the warm child started (a request that came before it would start another), then a round
        // trip that warms it up: with one request at a time the next request finds it idle, and its handler reaches
        // the probe well inside the short limit, whose clock starts when the request is accepted.
        if (mode == ServingMode.Forking)
            await AwaitAssertAsync(() => Assert.Single(server.ActiveChildren), Patience);
        Assert.Equal("READY\n", await kind.RoundTripAsync(server.ServerAddress, "ready"));

        string? warning = null;
        HandlerProbe.Visit? visit = null;
        Sent? sent = null;
        await EventFilter.Custom<Warning>(w => Captured(w, $"passed the {setting} of {PhaseLimit.TotalMilliseconds} ms", ref warning))
            .ExpectOneAsync(async () =>
            {
                var sending = kind.SendAsync(server.ServerAddress, lineFor(probe));
                visit = await probe.NextVisitAsync();
                sent = await sending.WaitAsync(Patience);
            });

        Assert.Equal(visitText, visit!.Text);
        Assert.Equal(reply, sent!.Reply);
        Assert.Contains($"client={sent.ClientName}: Request from {sent.ClientName} passed the {setting} of {PhaseLimit.TotalMilliseconds} ms: ", warning);
        if (mode == ServingMode.Forking)
        {
            Assert.NotEqual(Environment.ProcessId, visit.ProcessId);
            await AwaitAssertAsync(() =>
            {
                Assert.DoesNotContain(visit.ProcessId, server.ActiveChildren);
                Assert.False(Directory.Exists($"/proc/{visit.ProcessId}"), $"child {visit.ProcessId} outlived its request");
            }, Patience);
        }
        Assert.Equal("AFTER\n", await kind.RoundTripAsync(server.ServerAddress, "after"));
    }

    /// <summary>An event filter's test that also keeps the matching warning's text, for assertions on the rest of it.</summary>
    private static bool Captured(Warning warning, string part, ref string? captured)
    {
        if (warning.Message.ToString() is not { } text || !text.Contains(part, StringComparison.Ordinal))
            return false;
        captured = text;
        return true;
    }
}
