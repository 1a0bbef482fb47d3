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
/// The listener alone, as Akka's <c>TcpListenerSpec</c> drives its listener: a probe stands in for the request
/// supervisor, and a real TCP server on loopback accepts only when the test connects a client.
/// </summary>
public sealed class ListenerSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    private readonly List<Socket> _clients = [];
    private readonly List<AcceptedRequest> _handedOver = [];

    /// <summary>A bound, listening server whose handler is never run: the requests go to the probe, not to a handler.</summary>
    private TcpServer Server() => new(AnyLoopbackPort, () => new UpperCaseHandler(), bindAndActivate: true, system: Sys);

    private static ServingRun Run(SocketServer server, ServingMode mode = ServingMode.Threading, bool singleRequest = false, TimeSpan? timeout = null) =>
        new(new RunSettings(server, ServerSettings.Create(null) with { Mode = mode }, ServerMode.For(mode)), singleRequest, timeout);

    /// <summary>Starts the listener and takes the admission it asks for as it starts.</summary>
    private async Task<IActorRef> StartListenerAsync(ServingRun run, TestProbe requests)
    {
        var listener = Sys.ActorOf(ListenerActor.Props(run, requests.Ref));
        Assert.False((await requests.ExpectMsgAsync<WantAdmission>()).AfterPause);
        return listener;
    }

    /// <summary>The supervisor's leave to accept one request, as the probe that plays it.</summary>
    private static void Admit(IActorRef listener, TestProbe requests) => listener.Tell(new Admitted(1), requests.Ref);

    private async Task ConnectAsync(SocketServer server)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _clients.Add(client);
        await client.ConnectAsync(server.ServerAddress).WaitAsync(Patience);
    }

    private async Task<AcceptedRequest> ExpectStartRequestAsync(TestProbe requests)
    {
        var request = (await requests.ExpectMsgAsync<StartRequest>()).Request;
        _handedOver.Add(request);
        return request;
    }

    protected override void AfterAll()
    {
        foreach (var request in _handedOver)
            request.Abort();
        foreach (var client in _clients)
            client.Dispose();
        base.AfterAll();
    }

    [Fact]
    public async Task A_listener_must_ask_for_an_admission_as_it_starts_and_accept_nothing_before_it_is_admitted()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var listener = await StartListenerAsync(Run(server), requests);
        await ConnectAsync(server);

        await requests.ExpectNoMsgAsync(Quiet);

        Admit(listener, requests);
        var request = await ExpectStartRequestAsync(requests);
        Assert.Equal(_clients[0].LocalEndPoint, request.ClientAddress);
    }

    [Fact]
    public async Task A_listener_must_accept_exactly_one_request_per_admission_even_with_two_clients_waiting()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var listener = await StartListenerAsync(Run(server), requests);
        await ConnectAsync(server);
        await ConnectAsync(server);

        Admit(listener, requests);
        await ExpectStartRequestAsync(requests);
        await requests.ExpectNoMsgAsync(Quiet);

        // The hand-over is the listener's request for the next admission: the second client waits for it.
        Admit(listener, requests);
        await ExpectStartRequestAsync(requests);
        await requests.ExpectNoMsgAsync(Quiet);
    }

    [Fact]
    public async Task A_paused_listener_must_cancel_its_accept_and_ask_for_an_admission_again_only_after_the_delay()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var listener = await StartListenerAsync(Run(server), requests);
        Admit(listener, requests);
        var delay = TimeSpan.FromMilliseconds(600);

        var paused = Stopwatch.StartNew();
        await EventFilter.Warning(contains: "accepting again in 600 ms (restart 1 in a row)").ExpectOneAsync(() =>
        {
            listener.Tell(new PauseAccepting(delay, 1, "paused by the test"));
            return Task.CompletedTask;
        });
        // The accept that had the admission was cancelled with the pause: a client arriving now waits in the backlog.
        await ConnectAsync(server);
        // An admission during the pause is no leave to accept.
        listener.Tell(new Admitted(1), requests.Ref);

        var again = await requests.ExpectMsgAsync<WantAdmission>(Patience);
        Assert.True(again.AfterPause);
        Assert.True(paused.Elapsed >= delay, $"the listener asked again {paused.ElapsedMilliseconds} ms after a pause of {delay.TotalMilliseconds} ms");

        Admit(listener, requests);
        await ExpectStartRequestAsync(requests);
    }

    [Fact]
    public async Task A_listener_given_a_batch_of_admissions_must_accept_that_many_and_then_wait_for_more()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var listener = await StartListenerAsync(Run(server), requests);
        for (var i = 0; i < 3; i++)
            await ConnectAsync(server);

        listener.Tell(new Admitted(2), requests.Ref);

        await ExpectStartRequestAsync(requests);
        await ExpectStartRequestAsync(requests);
        // The third client waits in the backlog: two admissions, two accepts, and no round trip between them.
        await requests.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        Admit(listener, requests);
        await ExpectStartRequestAsync(requests);
    }

    [Fact]
    public async Task A_stopped_listener_must_acknowledge_the_asker_drain_the_requests_and_complete_its_run_only_once_drained()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var asker = CreateTestProbe();
        var run = Run(server);
        var listener = await StartListenerAsync(run, requests);
        Watch(listener);

        listener.Tell(new StopServing(null), asker.Ref);

        await asker.ExpectMsgAsync(AcceptingStopped.Instance);
        Assert.Equal(run.Settings.DrainTimeout, (await requests.ExpectMsgAsync<Drain>()).Timeout);
        await ExpectNoMsgAsync(Quiet);
        Assert.False(run.Completion.Task.IsCompleted);

        listener.Tell(Drained.Instance, requests.Ref);

        Assert.True(await run.Completion.Task.WaitAsync(Patience));
        await ExpectTerminatedAsync(listener);
    }

    [Fact]
    public async Task A_listener_stopped_with_a_cause_must_fail_its_run_with_that_cause_once_drained()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var run = Run(server);
        var listener = await StartListenerAsync(run, requests);
        var cause = new InvalidOperationException("stopped by the test");

        listener.Tell(new StopServing(cause), TestActor);
        await ExpectMsgAsync(AcceptingStopped.Instance);
        await requests.ExpectMsgAsync<Drain>();
        listener.Tell(Drained.Instance, requests.Ref);

        Assert.Same(cause, await Assert.ThrowsAsync<InvalidOperationException>(() => run.Completion.Task.WaitAsync(Patience)));
    }

    [Fact]
    public async Task A_single_request_run_must_complete_false_when_its_timeout_passes_with_no_client()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var timeout = TimeSpan.FromMilliseconds(300);
        var started = Stopwatch.StartNew();
        var run = Run(server, singleRequest: true, timeout: timeout);
        var listener = await StartListenerAsync(run, requests);
        Watch(listener);
        Admit(listener, requests);

        Assert.False(await run.Completion.Task.WaitAsync(Patience));

        Assert.True(started.Elapsed >= timeout, $"the run timed out after {started.ElapsedMilliseconds} ms");
        await ExpectTerminatedAsync(listener);
        await requests.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public async Task A_synchronous_single_request_run_must_drain_without_a_clock_after_the_hand_over_and_complete_once_drained()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var run = Run(server, ServingMode.Synchronous, singleRequest: true);
        var listener = await StartListenerAsync(run, requests);
        Watch(listener);
        await ConnectAsync(server);

        Admit(listener, requests);
        await ExpectStartRequestAsync(requests);

        Assert.Null((await requests.ExpectMsgAsync<Drain>()).Timeout);
        await ExpectNoMsgAsync(Quiet);
        Assert.False(run.Completion.Task.IsCompleted);

        listener.Tell(Drained.Instance, requests.Ref);
        Assert.True(await run.Completion.Task.WaitAsync(Patience));
        await ExpectTerminatedAsync(listener);
    }

    [Fact]
    public async Task A_threading_single_request_run_must_complete_at_the_hand_over_without_a_drain()
    {
        await using var server = Server();
        var requests = CreateTestProbe();
        var run = Run(server, ServingMode.Threading, singleRequest: true);
        var listener = await StartListenerAsync(run, requests);
        Watch(listener);
        await ConnectAsync(server);

        Admit(listener, requests);
        await ExpectStartRequestAsync(requests);

        Assert.True(await run.Completion.Task.WaitAsync(Patience));
        await ExpectTerminatedAsync(listener);
        await requests.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
    }
}
