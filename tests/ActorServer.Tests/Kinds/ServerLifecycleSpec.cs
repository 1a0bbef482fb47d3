using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Kinds;

/// <summary>
/// The lifecycle every server kind must pass, written once and run once per kind (see <see cref="TcpLifecycleSpec"/>
/// and its siblings): echo, many clients, verify_request, a failing handler, handle_request's timeout, shutdown from
/// another task with a request in flight, and dispose. Real sockets on loopback ports and temp paths.
/// </summary>
public abstract class ServerLifecycleSpec(ServerKind kind, ITestOutputHelper output) : ServerSpec(output)
{
    private readonly ServerHooks _hooks = new();

    [Fact]
    public async Task A_server_must_echo_a_line_upper_cased()
    {
        await using var server = Bound(Lines.UpperCase);
        var serving = Serve(server);

        Assert.Equal("HELLO WORLD\n", await kind.RoundTripAsync(server.ServerAddress, "hello world"));

        await server.ShutdownAsync();
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_server_must_serve_many_clients_one_after_another_in_synchronous_mode()
    {
        await using var server = Bound(Lines.UpperCase);
        Assert.Equal(ServingMode.Synchronous, server.Mode);
        _ = Serve(server);

        for (var i = 0; i < 30; i++)
            Assert.Equal($"CLIENT {i}\n", await kind.RoundTripAsync(server.ServerAddress, $"client {i}"));
    }

    [Fact]
    public async Task A_server_must_serve_many_clients_at_once_in_threading_mode()
    {
        const int clients = 8;
        // Each handler waits until all of them are in: only a server that runs them concurrently can answer anyone.
        var arrived = 0;
        var allIn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Bound(async (line, ct) =>
        {
            if (Interlocked.Increment(ref arrived) == clients)
                allIn.SetResult();
            await allIn.Task.WaitAsync(Patience, ct);
            return line.ToUpperInvariant();
        }, s =>
        {
            s.Mode = ServingMode.Threading;
            // A Unix stream connect that finds the backlog (5, as in Python) full fails at once instead of waiting as TCP's does.
            s.RequestQueueSize = clients;
        });
        _ = Serve(server);

        var replies = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => kind.RoundTripAsync(server.ServerAddress, $"client {i}")));

        Assert.Equal(Enumerable.Range(0, clients).Select(i => $"CLIENT {i}\n"), replies);
    }

    [Fact]
    public async Task A_server_must_close_a_request_that_verify_request_refuses_unseen_by_any_handler()
    {
        var verified = 0;
        _hooks.Verify = (_, _) => Interlocked.Increment(ref verified) > 1;   // refuse the first request only
        await using var server = Bound(Reporting(Lines.UpperCase));
        _ = Serve(server);

        await kind.SendUnansweredAsync(server.ServerAddress, "first");
        Assert.Equal("SECOND\n", await kind.RoundTripAsync(server.ServerAddress, "second"));

        // Requests are served in order, one at a time: had "first" reached a handler, its report would come first.
        await ExpectMsgAsync("second");
        Assert.Equal(2, verified);
    }

    [Fact]
    public async Task A_server_must_keep_serving_after_a_handler_throws()
    {
        await using var server = Bound((line, _) => line == "boom"
            ? throw new InvalidOperationException("the handler exploded on purpose")
            : Task.FromResult<string?>(line.ToUpperInvariant()));
        _ = Serve(server);

        await EventFilter.Error(contains: "Exception occurred during processing of request")
            .ExpectOneAsync(() => kind.SendUnansweredAsync(server.ServerAddress, "boom"));

        Assert.Equal("AFTER\n", await kind.RoundTripAsync(server.ServerAddress, "after"));
    }

    [Fact]
    public async Task A_server_must_call_handle_timeout_when_handle_request_waits_in_vain_and_serve_one_request_otherwise()
    {
        await using var server = Bound(Lines.UpperCase, s => s.Timeout = TimeSpan.FromMilliseconds(200));

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
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Bound(async (line, ct) =>
        {
            TestActor.Tell("started " + line);
            await release.Task.WaitAsync(ct);
            return line.ToUpperInvariant();
        });
        var serving = Serve(server);
        var inFlight = kind.RoundTripAsync(server.ServerAddress, "slow");
        await ExpectMsgAsync("started slow");

        var shutdown = Task.Run(server.ShutdownAsync);
        // A bounded negative check: shutdown must still be waiting for the request in flight.
        await Assert.ThrowsAsync<TimeoutException>(() => shutdown.WaitAsync(TimeSpan.FromMilliseconds(300)));
        release.SetResult();

        Assert.Equal("SLOW\n", await inFlight.WaitAsync(Patience));
        await shutdown.WaitAsync(Patience);
        await serving.WaitAsync(Patience);
        Assert.False(server.IsServing);

        _ = Serve(server);
        Assert.Equal("AGAIN\n", await kind.RoundTripAsync(server.ServerAddress, "again"));
    }

    [Fact]
    public async Task A_server_must_stop_serving_and_free_its_address_when_disposed()
    {
        var server = Bound(Lines.UpperCase);
        var serving = Serve(server);
        var address = server.ServerAddress;
        Assert.Equal("X\n", await kind.RoundTripAsync(address, "x"));

        await server.DisposeAsync();

        await serving.WaitAsync(Patience);
        Assert.False(server.IsServing);
        Assert.True(server.Socket.SafeHandle.IsClosed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.ServeForeverAsync());
        await server.DisposeAsync();   // a second dispose does nothing

        await using var successor = kind.CreateAt(address, kind.Lines(Lines.UpperCase), Sys);
        _ = Serve(successor);
        Assert.Equal(address.ToString(), successor.ServerAddress.ToString());
        Assert.Equal("NEXT\n", await kind.RoundTripAsync(address, "next"));
    }

    private SocketServer Bound(LineBehaviour behaviour, Action<SocketServer>? configure = null)
    {
        var server = kind.Create(kind.Lines(behaviour), _hooks, Sys);
        configure?.Invoke(server);
        server.ServerBind();
        server.ServerActivate();
        return server;
    }

    /// <summary>Tells the test actor each line a handler got, before <paramref name="inner"/> answers it.</summary>
    private LineBehaviour Reporting(LineBehaviour inner)
    {
        var probe = TestActor;
        return (line, ct) =>
        {
            probe.Tell(line);
            return inner(line, ct);
        };
    }
}

public sealed class TcpLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new TcpKind(), output);

public sealed class UdpLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UdpKind(), output);

public sealed class UnixStreamLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UnixStreamKind(), output);

public sealed class UnixDatagramLifecycleSpec(ITestOutputHelper output) : ServerLifecycleSpec(new UnixDatagramKind(), output);
