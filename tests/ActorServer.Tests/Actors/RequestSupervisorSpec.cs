using System.Diagnostics;
using System.Net.Sockets;
using ActorServer.Actors;
using ActorServer.Modes;
using ActorServer.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

/// <summary>
/// The request supervisor alone: a probe plays the listener (it begins the run, asks for admissions and hands over
/// requests accepted from a loopback socket of the test's own), and handlers hold their request until the test lets
/// them go, counting how many run at once.
/// </summary>
public sealed class RequestSupervisorSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly LoopbackRequests _loopback = new();
    private readonly RequestGate _gate = new();

    private TcpServer Server()
    {
        _gate.Reporter = TestActor;
        return new TcpServer(AnyLoopbackPort, () => new HeldHandler(_gate), bindAndActivate: false, system: Sys);
    }

    private static RunSettings Run(SocketServer server, ServingMode mode, int maxConnections = 1024) =>
        new(server, ServerSettings.Create(null) with { Mode = mode, MaxConnections = maxConnections }, ServerMode.For(mode));

    /// <summary>A request supervisor serving <paramref name="run"/>, with the listener's first batch of admissions taken:
    /// as many as the limit allows, at most <see cref="Admissions.Batch"/>.</summary>
    private async Task<IActorRef> ServingAsync(RunSettings run, TestProbe listener)
    {
        var requests = Sys.ActorOf(RequestSupervisor.Props(Sys.Settings.Config));
        requests.Tell(new BeginRun(run), listener.Ref);
        requests.Tell(new WantAdmission(AfterPause: false), listener.Ref);
        await listener.ExpectMsgAsync(new Admitted(Math.Min(run.Capacity, Admissions.Batch)));
        return requests;
    }

    private async Task<Socket> HandOverAsync(IActorRef requests, TestProbe listener)
    {
        var (request, client) = await _loopback.NextAsync();
        requests.Tell(new StartRequest(request), listener.Ref);
        return client;
    }

    protected override void AfterAll()
    {
        _gate.Releases.Release(64);
        _loopback.Dispose();
        base.AfterAll();
    }

    [Fact]
    public async Task A_request_supervisor_must_stop_admitting_at_max_connections_until_a_request_ends()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Threading, maxConnections: 2), listener);

        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");
        // The first batch covers this one too: no admission per request.
        await listener.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");

        await listener.ExpectNoMsgAsync(Quiet);

        _gate.Releases.Release();
        await listener.ExpectMsgAsync(new Admitted(1));
        await listener.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_request_supervisor_must_give_a_new_batch_only_once_the_listener_holds_half_of_one()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Threading), listener);

        // Of the first batch of 16, seven used leave nine in hand: no new batch yet.
        for (var i = 0; i < Admissions.Batch / 2 - 1; i++)
            await HandOverAsync(requests, listener);
        await listener.ExpectNoMsgAsync(Quiet);

        // The eighth leaves half a batch: it is topped up to 16 again.
        await HandOverAsync(requests, listener);
        await listener.ExpectMsgAsync(new Admitted(Admissions.Batch / 2));
        _gate.Releases.Release(Admissions.Batch / 2);
    }

    [Fact]
    public async Task A_synchronous_request_supervisor_must_admit_one_request_at_a_time()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Synchronous), listener);

        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");

        await listener.ExpectNoMsgAsync(Quiet);

        _gate.Releases.Release();
        await listener.ExpectMsgAsync(new Admitted(1));
    }

    [Fact]
    public async Task A_request_handed_over_past_the_limit_must_be_held_and_started_when_a_request_ends()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Threading, maxConnections: 2), listener);
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");
        // The first batch covers this one too: no admission per request.
        await listener.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");

        // A third, without an admission (as one accepted across a listener restart): it waits for room.
        await HandOverAsync(requests, listener);
        await ExpectNoMsgAsync(Quiet);

        _gate.Releases.Release();
        await ExpectMsgAsync("started");
        // The held request took the room that was freed: still none for the listener.
        await listener.ExpectNoMsgAsync(Quiet);
        Assert.Equal(2, _gate.MostRunning);

        _gate.Releases.Release();
        await listener.ExpectMsgAsync(new Admitted(1));
        Assert.Equal(2, _gate.MostRunning);
    }

    [Fact]
    public async Task A_drain_must_reply_drained_only_once_every_request_in_flight_has_ended()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var drainer = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Threading, maxConnections: 2), listener);
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");
        // The first batch covers this one too: no admission per request.
        await listener.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");

        requests.Tell(new Drain(TimeSpan.FromSeconds(10)), drainer.Ref);
        await drainer.ExpectNoMsgAsync(Quiet);
        _gate.Releases.Release();
        await drainer.ExpectNoMsgAsync(Quiet);

        _gate.Releases.Release();
        await drainer.ExpectMsgAsync(Drained.Instance);
        // Drained in time, nothing was cancelled.
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_drain_must_abort_the_held_requests_and_never_start_them()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var drainer = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Threading, maxConnections: 1), listener);
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");
        var held = await HandOverAsync(requests, listener);

        requests.Tell(new Drain(TimeSpan.FromSeconds(10)), drainer.Ref);

        Assert.True(await LoopbackRequests.ClosedByServerAsync(held));
        _gate.Releases.Release();
        await drainer.ExpectMsgAsync(Drained.Instance);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_draining_request_supervisor_must_ignore_the_listener_asking_for_an_admission()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Threading, maxConnections: 2), listener);
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");
        // The first batch covers this one too: no admission per request.
        await listener.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));

        requests.Tell(new Drain(TimeSpan.FromSeconds(10)), CreateTestProbe().Ref);
        requests.Tell(new WantAdmission(AfterPause: true), listener.Ref);

        await listener.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_draining_request_supervisor_must_give_no_admission_when_a_request_ends()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Threading, maxConnections: 1), listener);
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");

        requests.Tell(new Drain(TimeSpan.FromSeconds(10)), listener.Ref);
        _gate.Releases.Release();

        await listener.ExpectMsgAsync(Drained.Instance);
        await listener.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_drain_past_its_timeout_must_cancel_the_requests_in_flight_and_then_reply_drained()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var drainer = CreateTestProbe();
        var requests = await ServingAsync(Run(server, ServingMode.Threading), listener);
        await HandOverAsync(requests, listener);
        await ExpectMsgAsync("started");
        // The first batch covers this one too: no admission per request.
        await listener.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        var timeout = TimeSpan.FromMilliseconds(200);

        var draining = Stopwatch.StartNew();
        requests.Tell(new Drain(timeout), drainer.Ref);

        await ExpectMsgAsync("cancelled");
        Assert.True(draining.Elapsed >= timeout, $"the request was cancelled {draining.ElapsedMilliseconds} ms into a drain of {timeout.TotalMilliseconds} ms");
        await drainer.ExpectMsgAsync(Drained.Instance);
    }

    [Fact]
    public async Task A_request_supervisor_between_runs_must_close_a_request_it_is_handed_and_admit_nothing()
    {
        await using var server = Server();
        var listener = CreateTestProbe();
        var requests = Sys.ActorOf(RequestSupervisor.Props(Sys.Settings.Config));

        requests.Tell(new WantAdmission(AfterPause: false), listener.Ref);
        var client = await HandOverAsync(requests, listener);

        Assert.True(await LoopbackRequests.ClosedByServerAsync(client));
        await listener.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }
}
