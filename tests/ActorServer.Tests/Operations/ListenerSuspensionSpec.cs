using System.Net.Sockets;
using ActorServer.Actors;
using ActorServer.Modes;
using ActorServer.Tests.Support;
using Akka.Actor;
using Akka.TestKit;
using Xunit.Abstractions;

namespace ActorServer.Tests.Operations;

/// <summary>The listener's suspended state alone, driven as Akka's <c>TcpListenerSpec</c> drives its listener: a probe
/// plays the request supervisor, and a real TCP server on loopback is the socket.</summary>
public sealed class ListenerSuspensionSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private readonly List<IDisposable> _owned = [];

    private async Task<(TcpServer Server, IActorRef Listener, TestProbe Requests)> ListeningAsync()
    {
        var server = new TcpServer(AnyLoopbackPort, () => new UpperCaseHandler(), bindAndActivate: true, system: Sys);
        var run = new ServingRun(new RunSettings(server, ServerSettings.Create(null) with { Mode = ServingMode.Threading }, ServerMode.For(ServingMode.Threading)), false, null);
        var requests = CreateTestProbe();
        var listener = Sys.ActorOf(ListenerActor.Props(run, requests.Ref));
        Assert.False((await requests.ExpectMsgAsync<WantAdmission>()).AfterPause);
        return (server, listener, requests);
    }

    private async Task<Socket> ConnectAsync(SocketServer server)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _owned.Add(client);
        await client.ConnectAsync(server.ServerAddress).WaitAsync(Patience);
        return client;
    }

    protected override void AfterAll()
    {
        foreach (var owned in _owned)
            owned.Dispose();
        base.AfterAll();
    }

    [Fact]
    public async Task A_suspended_listener_must_close_its_socket_ignore_admissions_report_its_state_and_ask_anew_when_resumed()
    {
        var (server, listener, requests) = await ListeningAsync();
        await using var _ = server;
        listener.Tell(new Admitted(2), requests.Ref);

        listener.Tell(SuspendServer.Instance);

        await ExpectMsgAsync(ServerSuspended.Instance);
        var refused = await Assert.ThrowsAsync<SocketException>(() => ConnectAsync(server));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        listener.Tell(new Admitted(1), requests.Ref);
        listener.Tell(GetServerStatus.Instance);
        Assert.Equal(ServerState.Suspended, (await requests.ExpectMsgAsync<StatusQuery>()).State);

        listener.Tell(ResumeServer.Instance);

        await ExpectMsgAsync(ServerResumed.Instance);
        Assert.False((await requests.ExpectMsgAsync<WantAdmission>()).AfterPause);
        listener.Tell(new Admitted(1), requests.Ref);
        var client = await ConnectAsync(server);
        var request = (await requests.ExpectMsgAsync<StartRequest>()).Request;
        Assert.Equal(client.LocalEndPoint, request.ClientAddress);
        request.Abort();
    }

    [Fact]
    public async Task A_listener_whose_limit_is_lowered_must_cancel_its_accept_and_wait_for_a_new_admission()
    {
        var (server, listener, requests) = await ListeningAsync();
        await using var _ = server;
        listener.Tell(new Admitted(1), requests.Ref);

        listener.Tell(WithdrawAdmissions.Instance, requests.Ref);
        listener.Tell(GetServerStatus.Instance);

        // The status query comes after the withdrawal: by then the accept is cancelled, and a client waits in the backlog.
        Assert.Equal(ServerState.Serving, (await requests.ExpectMsgAsync<StatusQuery>()).State);
        var client = await ConnectAsync(server);
        await AwaitConditionAsync(() => Task.FromResult(server.Stats.Queued == 1), Patience);
        listener.Tell(new Admitted(1), requests.Ref);
        var request = (await requests.ExpectMsgAsync<StartRequest>()).Request;
        Assert.Equal(client.LocalEndPoint, request.ClientAddress);
        request.Abort();
    }

    [Fact]
    public async Task A_stopping_listener_must_refuse_to_be_suspended_saying_it_is_draining()
    {
        var (server, listener, requests) = await ListeningAsync();
        await using var _ = server;
        listener.Tell(new StopServing(null));
        await ExpectMsgAsync(AcceptingStopped.Instance);
        await requests.ExpectMsgAsync<Drain>();

        listener.Tell(SuspendServer.Instance);

        var failure = await ExpectMsgAsync<Status.Failure>();
        Assert.Contains("draining", failure.Cause.Message);
        listener.Tell(GetServerStatus.Instance);
        Assert.Equal(ServerState.Draining, (await requests.ExpectMsgAsync<StatusQuery>()).State);
    }
}
