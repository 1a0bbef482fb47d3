using System.Diagnostics;
using System.Net.Sockets;
using ActorServer.Actors;
using ActorServer.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

/// <summary>Faults of the server's own actors: the listener's restart with back-off (on-handler-error = restart-listener, or a
/// listener that fails by itself), and a request supervisor that fails by itself or cannot start a request.</summary>
public sealed class ServerActorFaultSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static readonly TimeSpan Min = TimeSpan.FromMilliseconds(300);

    /// <summary>Tells the probe when a request starts, then answers line by line until the client closes; "boom" throws.</summary>
    private sealed class LineLoopHandler(IActorRef probe) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            probe.Tell("started");
            while (await ReadLineAsync(ct) is { } line)
            {
                if (line == "boom")
                    throw new InvalidOperationException("the handler exploded on purpose");
                await WriteAsync(line.ToUpperInvariant() + "\n", ct);
                await FlushAsync(ct);
            }
        }
    }

    private TcpServer Server(HandlerErrorPolicy policy, TimeSpan? min = null, int maxConnections = 1024)
    {
        var server = new TcpServer(AnyLoopbackPort, () => new LineLoopHandler(TestActor), bindAndActivate: false, system: Sys)
        {
            Mode = ServingMode.Threading,
            OnHandlerError = policy,
            MaxConnections = maxConnections,
            ListenerBackoff = new ListenerBackoff(min ?? Min, TimeSpan.FromMinutes(1), randomFactor: 0),
        };
        server.ServerBind();
        server.ServerActivate();
        return server;
    }

    private async Task<LineClient> ConnectAndServeAsync(TcpServer server, string line, bool serve = false)
    {
        if (serve)
            _ = Serve(server);
        var client = await LineClient.ConnectAsync(server.ServerAddress);
        await ExpectMsgAsync("started");
        await client.SendAsync(line + "\n");
        Assert.Equal(line.ToUpperInvariant() + "\n", await client.ReadAsync(line.Length + 1));
        return client;
    }

    /// <summary>Fails the run's listener from outside, as a bug of its own would: Akka's Kill, not a message of ours.</summary>
    private async Task KillListenerAsync(SocketServer server)
    {
        IActorRef? listener = null;
        await AwaitAssertAsync(async () =>
            listener = await Sys.ActorSelection(server.Guardian!.Path / "listener-*").ResolveOne(TimeSpan.FromSeconds(1)), Patience);
        listener!.Tell(Kill.Instance);
    }

    private async Task BoomAsync(TcpServer server, string expectedLog)
    {
        using var failing = await LineClient.ConnectAsync(server.ServerAddress);
        await ExpectMsgAsync("started");
        await EventFilter.Warning(contains: expectedLog).ExpectOneAsync(async () =>
        {
            await failing.SendAsync("boom\n");
            Assert.Equal(string.Empty, await failing.ReadToEndAsync());
        });
    }

    [Fact]
    public async Task Restart_listener_must_keep_requests_in_flight_and_its_run_and_accept_again_only_after_the_backoff()
    {
        await using var server = Server(HandlerErrorPolicy.RestartListener, maxConnections: 2);
        var serving = Serve(server);
        using var inFlight = await ConnectAndServeAsync(server, "before");

        var failedAt = Stopwatch.StartNew();
        await EventFilter.Info(contains: "The listener accepts again after its restart (1 requests in flight)").ExpectOneAsync(() =>
            BoomAsync(server, "The listener restarted (on-handler-error = restart-listener: "));
        using var after = await ConnectAndServeAsync(server, "after");

        Assert.True(failedAt.Elapsed >= Min, $"a client was served {failedAt.ElapsedMilliseconds} ms after the failure, within the back-off");
        // The request in flight across the restart still runs, and still counts: with it and "after" open, the server
        // is at max-connections = 2, so a third client waits in the backlog until one of them ends.
        await inFlight.SendAsync("still here\n");
        Assert.Equal("STILL HERE\n", await inFlight.ReadAsync(11));
        using var waiting = await LineClient.ConnectAsync(server.ServerAddress);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        inFlight.Dispose();
        await ExpectMsgAsync("started");
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task Restart_listener_must_double_the_backoff_with_each_failure_in_a_row()
    {
        await using var server = Server(HandlerErrorPolicy.RestartListener, min: TimeSpan.FromMilliseconds(100));
        var serving = Serve(server);

        await BoomAsync(server, "accepting again in 100 ms (restart 1 in a row)");
        await BoomAsync(server, "accepting again in 200 ms (restart 2 in a row)");
        await BoomAsync(server, "accepting again in 400 ms (restart 3 in a row)");

        (await ConnectAndServeAsync(server, "fine")).Dispose();
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task A_listener_that_fails_by_itself_must_restart_with_backoff_and_keep_serving_whatever_the_policy()
    {
        await using var server = Server(HandlerErrorPolicy.KeepServing);
        var serving = Serve(server);
        (await ConnectAndServeAsync(server, "before")).Dispose();

        await EventFilter.Error(contains: "A server actor failed unexpectedly").ExpectOneAsync(() =>
            EventFilter.Warning(contains: "The listener restarted (ActorKilledException: Kill); accepting again in 300 ms").ExpectOneAsync(() =>
                KillListenerAsync(server)));

        (await ConnectAndServeAsync(server, "after")).Dispose();
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task A_request_supervisor_that_fails_by_itself_must_keep_its_requests_in_flight_and_go_on()
    {
        await using var server = Server(HandlerErrorPolicy.KeepServing, maxConnections: 1);
        var serving = Serve(server);
        var inFlight = await ConnectAndServeAsync(server, "before");

        await EventFilter.Error(contains: "The request supervisor failed (ActorKilledException: Kill); it resumes with its requests in flight").ExpectOneAsync(() =>
        {
            Sys.ActorSelection(server.Guardian!.Path / "requests").Tell(Kill.Instance);
            return Task.CompletedTask;
        });

        await inFlight.SendAsync("still here\n");
        Assert.Equal("STILL HERE\n", await inFlight.ReadAsync(11));
        inFlight.Dispose();
        // With max-connections = 1, a new client is served only once the supervisor has counted the old one out.
        (await ConnectAndServeAsync(server, "after")).Dispose();
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task A_request_that_cannot_be_started_must_be_closed_logged_and_give_back_its_slot()
    {
        // A dispatcher that is configured (so serving starts) but cannot be made: no request's actor can start on it.
        Sys.Settings.InjectTopLevelFallback(ConfigurationFactory.ParseString(
            "unmakeable-dispatcher { type = Dispatcher, executor = \"No.Such.Executor, NoSuchAssembly\" }"));
        await using var server = Server(HandlerErrorPolicy.KeepServing, maxConnections: 1);
        server.Dispatcher = "unmakeable-dispatcher";
        var serving = Serve(server);

        // With max-connections = 1 the second client is even accepted only if the first refused request gave its slot back.
        for (var i = 0; i < 2; i++)
        {
            await EventFilter.Error(contains: "Could not start the request from 127.0.0.1:").ExpectOneAsync(async () =>
            {
                // The server resets the connection at once: the client sees it at its connect, its send or its read.
                try
                {
                    using var refused = await LineClient.ConnectAsync(server.ServerAddress);
                    await refused.SendAsync("hello\n");
                    await refused.AssertResetAsync();
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
                {
                }
            });
        }
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task A_setting_changed_while_serving_must_be_refused_naming_the_property()
    {
        await using var server = Server(HandlerErrorPolicy.KeepServing);
        _ = Serve(server);

        var refused = Assert.Throws<InvalidOperationException>(() => server.Dispatcher = "no-such-dispatcher");

        Assert.Contains("Dispatcher cannot change while server", refused.Message);
        Assert.Equal("actor-server.handler-dispatcher", server.Dispatcher);
    }

    [Fact]
    public async Task A_shutdown_during_the_backoff_must_end_serving_normally_and_leave_the_next_run_accepting()
    {
        await using var server = Server(HandlerErrorPolicy.RestartListener, min: TimeSpan.FromMinutes(1));
        var serving = Serve(server);
        await BoomAsync(server, "accepting again in 60000 ms");

        await server.ShutdownAsync().WaitAsync(Patience);

        await serving.WaitAsync(Patience);
        Assert.False(server.IsServing);
        // The back-off ended with the run: the next run accepts at once.
        _ = Serve(server);
        (await ConnectAndServeAsync(server, "next run")).Dispose();
    }

    [Fact]
    public async Task A_handle_request_run_that_times_out_during_the_backoff_must_leave_the_next_run_accepting()
    {
        await using var server = Server(HandlerErrorPolicy.RestartListener, min: TimeSpan.FromMinutes(1));
        server.Timeout = TimeSpan.FromMilliseconds(300);
        var serving = Serve(server);
        await BoomAsync(server, "accepting again in 60000 ms");
        await server.ShutdownAsync().WaitAsync(Patience);
        await serving.WaitAsync(Patience);

        var handling = server.HandleRequestAsync();
        await KillListenerAsync(server);
        Assert.False(await handling.WaitAsync(Patience));

        _ = Serve(server);
        (await ConnectAndServeAsync(server, "next run")).Dispose();
    }

    [Fact]
    public async Task A_listener_killed_in_one_run_must_leave_no_listener_behind_and_the_next_run_accepting()
    {
        await using var server = Server(HandlerErrorPolicy.KeepServing);
        var serving = Serve(server);
        (await ConnectAndServeAsync(server, "warm")).Dispose();
        await EventFilter.Warning(contains: "The listener restarted (ActorKilledException").ExpectOneAsync(() => KillListenerAsync(server));
        await server.ShutdownAsync().WaitAsync(Patience);
        await serving.WaitAsync(Patience);

        // A listener lives for its run only: between runs there is none to accept.
        await AwaitAssertAsync(async () =>
            await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection(server.Guardian!.Path / "listener-*").ResolveOne(TimeSpan.FromMilliseconds(200))), Patience);
        _ = Serve(server);
        (await ConnectAndServeAsync(server, "after")).Dispose();
    }

    [Fact]
    public async Task A_listener_restarted_while_draining_must_finish_the_drain_on_its_first_clock()
    {
        await using var server = Server(HandlerErrorPolicy.KeepServing);
        var serving = Serve(server);
        var inFlight = await ConnectAndServeAsync(server, "held");

        // One drain, one clock: the drain the restarted listener asks for again does not start the timeout over.
        await EventFilter.Info(contains: "request(s) in flight to finish").ExpectOneAsync(async () =>
        {
            var shutdown = server.ShutdownAsync();
            await EventFilter.Warning(contains: "The listener restarted while stopping").ExpectOneAsync(() => KillListenerAsync(server));
            Assert.False(shutdown.IsCompleted);
            inFlight.Dispose();
            await shutdown.WaitAsync(Patience);
        });
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_handle_request_run_must_keep_its_timeout_across_a_listener_restart()
    {
        await using var server = new TimeoutReportingServer(Sys)
        {
            Timeout = TimeSpan.FromMilliseconds(800),
            ListenerBackoff = new ListenerBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), 0),
        };
        var handling = server.HandleRequestAsync();

        await KillListenerAsync(server);

        Assert.False(await handling.WaitAsync(Patience));
        await server.TimedOut.Task.WaitAsync(Patience);
    }

    private sealed class TimeoutReportingServer(ActorSystem system) : TcpServer<UpperCaseHandler>(AnyLoopbackPort, system: system)
    {
        public TaskCompletionSource TimedOut { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void HandleTimeout() => TimedOut.TrySetResult();
    }
}
