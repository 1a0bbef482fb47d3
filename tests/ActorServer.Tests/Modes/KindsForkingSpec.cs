using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>The UDP and Unix kinds in forking mode, with real child processes: a datagram crosses into the child as its
/// packet plus the child's own descriptor of the server's socket, so the reply leaves from the server's address.</summary>
public sealed class KindsForkingSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Answers the packet's first line upper-cased, with the id of the process that served it.</summary>
    public sealed class DatagramPidHandler : DatagramRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken) =>
            await WriteAsync($"{(await ReadLineAsync(cancellationToken))?.ToUpperInvariant()} {Environment.ProcessId}", cancellationToken);
    }

    /// <summary>The same for a stream.</summary>
    public sealed class StreamPidHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken) =>
            await WriteAsync($"{(await ReadLineAsync(cancellationToken))?.ToUpperInvariant()} {Environment.ProcessId}", cancellationToken);
    }

    [Fact]
    public async Task A_udp_server_in_forking_mode_must_serve_a_datagram_in_a_child_that_replies_from_the_servers_address()
    {
        await using var server = new UdpServer<DatagramPidHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Mode = ServingMode.Forking };
        server.ServerBind();
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await client.SendAsync("forked\n");
        var (reply, from) = await client.ReceiveFromAsync();

        Assert.Equal(server.ServerAddress, from);
        Assert.StartsWith("FORKED ", reply);
        Assert.NotEqual(Environment.ProcessId, ChildPid(reply));
    }

    [Fact]
    public async Task A_unix_datagram_server_in_forking_mode_must_keep_its_socket_file_when_its_children_close_their_copies()
    {
        var path = TempSocketPath.Next();
        await using var server = new UnixDatagramServer<DatagramPidHandler>(path, bindAndActivate: false, system: Sys) { Mode = ServingMode.Forking };
        server.ServerBind();
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await client.SendAsync("one\n");
        var first = await client.ReceiveAsync();
        await client.SendAsync("two\n");
        var second = await client.ReceiveAsync();

        Assert.StartsWith("ONE ", first);
        Assert.StartsWith("TWO ", second);
        Assert.NotEqual(ChildPid(first), ChildPid(second));   // a fresh child each, and each closed its descriptor
        Assert.NotEqual(Environment.ProcessId, ChildPid(first));
        Assert.True(File.Exists(path));
    }

    [Fact]
    public async Task A_unix_stream_server_in_forking_mode_must_serve_a_connection_in_a_child()
    {
        await using var server = new UnixStreamServer<StreamPidHandler>(TempSocketPath.Next(), bindAndActivate: false, system: Sys) { Mode = ServingMode.Forking };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        var reply = await LineClient.RoundTripAsync(server.ServerAddress, "forked");

        Assert.StartsWith("FORKED ", reply);
        Assert.NotEqual(Environment.ProcessId, ChildPid(reply));
        Assert.Equal(SocketType.Stream, server.Socket.SocketType);
    }

    private static int ChildPid(string reply) => int.Parse(reply[(reply.LastIndexOf(' ') + 1)..]);
}
