using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ActorServer.Modes.Forking;
using ActorServer.Tests.Support;
using Akka.Event;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>Forking mode with real child processes: requests, failures and timeouts.</summary>
public sealed class ForkingModeSpec(ITestOutputHelper output) : ForkingSpec(output)
{
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
    public async Task The_bytes_a_child_moved_must_be_counted_in_the_servers_status_when_its_request_ends()
    {
        await using var server = Forking();
        _ = Serve(server);

        var pid = (await LineClient.RoundTripAsync(server.ServerAddress, "pid")).Trim();

        await AwaitAssertAsync(async () =>
        {
            var status = await server.GetStatusAsync();
            Assert.Equal((4L, pid.Length + 1L), (status.BytesReceived, status.BytesSent));
        }, Patience);
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
    public async Task Forking_mode_must_refuse_a_handler_factory_with_a_clear_error()
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new ChildProbeHandler(), system: Sys) { Mode = ServingMode.Forking };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.ServeForeverAsync());

        Assert.Contains("needs a handler type", error.Message);
    }
}
