using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Operations;

/// <summary>Suspend and resume (Ranch's suspend_listener/resume_listener) on real sockets: new clients are refused
/// while live ones go on being served, and the server comes back on the very address it had.</summary>
public sealed class SuspendResumeSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static async Task<string> AskAsync(LineClient client, string line)
    {
        await client.SendAsync(line + "\n");
        return (await client.ReadLinesAsync(1))[0];
    }

    private static async Task AssertRefusedAsync(EndPoint address)
    {
        var refused = await Assert.ThrowsAsync<SocketException>(() => LineClient.ConnectAsync(address));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
    }

    private async Task A_suspended_server_must_refuse_and_resume(SocketServer server)
    {
        server.Mode = ServingMode.Threading;
        server.ServerBind();
        server.ServerActivate();
        var address = server.ServerAddress;
        var serving = Serve(server);
        using var live = await LineClient.ConnectAsync(address);
        Assert.Equal("BEFORE", await AskAsync(live, "before"));

        await server.SuspendAsync();

        Assert.Equal(ServerState.Suspended, (await server.GetStatusAsync()).State);
        await AssertRefusedAsync(address);
        Assert.Equal("DURING", await AskAsync(live, "during"));
        await server.SuspendAsync();

        await server.ResumeAsync();

        Assert.Equal(address, server.ServerAddress);
        Assert.Equal(ServerState.Serving, (await server.GetStatusAsync()).State);
        using (var next = await LineClient.ConnectAsync(address))
            Assert.Equal("AFTER", await AskAsync(next, "after"));
        Assert.Equal("STILL", await AskAsync(live, "still"));
        Assert.False(serving.IsCompleted);
        await server.ShutdownAsync();
    }

    [Fact]
    public async Task A_suspended_tcp_server_must_refuse_new_connections_serve_its_live_one_and_resume_on_the_port_chosen_for_port_0()
    {
        await using var server = new TcpServer<LineEchoHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys);
        await A_suspended_server_must_refuse_and_resume(server);
    }

    [Fact]
    public async Task A_suspended_unix_stream_server_must_refuse_new_connections_keep_its_socket_file_and_lock_and_resume_on_the_same_path()
    {
        var path = TempSocketPath.Next();
        await using (var server = new UnixStreamServer<LineEchoHandler>(path, bindAndActivate: false, system: Sys))
        {
            await A_suspended_server_must_refuse_and_resume(server);
            Assert.True(File.Exists(path));
        }
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".lock"));
    }

    [Fact]
    public async Task A_suspended_unix_stream_server_must_keep_its_path_from_another_server_until_it_resumes()
    {
        var path = TempSocketPath.Next();
        await using var server = new UnixStreamServer<LineEchoHandler>(path, system: Sys);
        server.Mode = ServingMode.Threading;
        _ = Serve(server);
        await server.SuspendAsync();

        var taken = Assert.Throws<ServerBindException>(() => new UnixStreamServer<LineEchoHandler>(path, system: Sys));

        Assert.Contains("lock", taken.Message);
        await server.ResumeAsync();
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        Assert.Equal("BACK", await AskAsync(client, "back"));
    }

    [Fact]
    public async Task A_suspended_udp_server_must_leave_datagrams_unread_in_its_socket_and_serve_them_when_resumed()
    {
        await using var server = new UdpServer<DatagramUpperCaseHandler>(AnyLoopbackPort, system: Sys);
        server.Mode = ServingMode.Threading;
        var serving = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);
        await client.SendAsync("first\n");
        Assert.Equal("FIRST\n", await client.ReceiveAsync());

        await server.SuspendAsync();
        await client.SendAsync("queued\n");

        // The datagram waits in the kernel's receive buffer: nothing reads it while suspended.
        await AwaitConditionAsync(() => Task.FromResult(server.Socket.Available > 0), Patience);
        var suspended = await server.GetStatusAsync();
        Assert.Equal(ServerState.Suspended, suspended.State);
        Assert.Equal(1, suspended.Accepted);

        await server.ResumeAsync();

        Assert.Equal("QUEUED\n", await client.ReceiveAsync());
        Assert.Equal(2, (await server.GetStatusAsync()).Accepted);
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task A_listener_that_crashes_while_suspended_must_stay_suspended_and_resume_when_told()
    {
        await using var server = new TcpServer<LineEchoHandler>(AnyLoopbackPort, system: Sys);
        server.Mode = ServingMode.Threading;
        var serving = Serve(server);
        await server.SuspendAsync();
        var listener = await Sys.ActorSelection(server.Guardian!.Path / "listener-*").ResolveOne(Patience);

        await EventFilter.Debug(contains: "Not pausing the listener (ActorKilledException: Kill): it is suspended").ExpectOneAsync(() =>
        {
            listener.Tell(Kill.Instance);
            return Task.CompletedTask;
        });

        // The new incarnation answers from its state: suspended, not backing off towards an accept on a closed socket.
        Assert.Equal(ServerState.Suspended, (await server.GetStatusAsync()).State);
        await AssertRefusedAsync(server.ServerAddress);
        await server.ResumeAsync();
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        Assert.Equal("BACK", await AskAsync(client, "back"));
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task Suspending_a_server_that_is_not_serving_must_fail_saying_so()
    {
        await using var server = new TcpServer<LineEchoHandler>(AnyLoopbackPort, system: Sys, name: "idle-one");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.SuspendAsync());

        Assert.Contains("idle-one is not serving", error.Message);
        Assert.Equal(ServerState.Stopped, (await server.GetStatusAsync()).State);
    }

    [Fact]
    public async Task A_suspended_server_must_drain_and_stop_when_shut_down()
    {
        await using var server = new TcpServer<LineEchoHandler>(AnyLoopbackPort, system: Sys);
        server.Mode = ServingMode.Threading;
        var serving = Serve(server);
        var live = await LineClient.ConnectAsync(server.ServerAddress);
        Assert.Equal("A", await AskAsync(live, "a"));
        await server.SuspendAsync();

        var stopping = server.ShutdownAsync();
        live.Dispose();
        await stopping.WaitAsync(Patience);

        await serving.WaitAsync(Patience);
        Assert.Equal(ServerState.Stopped, (await server.GetStatusAsync()).State);
    }
}
