using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

/// <summary>Python's ThreadingXServer and ForkingXServer names: each is its kind with its mode, and serves.</summary>
public sealed class PythonServerNamesSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task Pythons_threading_server_names_must_be_their_kind_in_threading_mode_and_serve()
    {
        await using var tcp = new ThreadingTcpServer<UpperCaseHandler>("127.0.0.1", 0, system: Sys);
        await using var udp = new ThreadingUdpServer<DatagramUpperCaseHandler>("127.0.0.1", 0, system: Sys);
        await using var unixStream = new ThreadingUnixStreamServer<UpperCaseHandler>(TempSocketPath.Next(), system: Sys);
        await using var unixDatagram = new ThreadingUnixDatagramServer<DatagramUpperCaseHandler>(TempSocketPath.Next(), system: Sys);

        await AssertKindsServeIn(ServingMode.Threading, tcp, udp, unixStream, unixDatagram);
    }

    [Fact]
    public async Task Pythons_forking_server_names_must_be_their_kind_in_forking_mode_and_serve_from_children()
    {
        await using var tcp = new ForkingTcpServer<UpperCaseHandler>("127.0.0.1", 0, system: Sys);
        await using var udp = new ForkingUdpServer<DatagramUpperCaseHandler>("127.0.0.1", 0, system: Sys);
        await using var unixStream = new ForkingUnixStreamServer<UpperCaseHandler>(TempSocketPath.Next(), system: Sys);
        await using var unixDatagram = new ForkingUnixDatagramServer<DatagramUpperCaseHandler>(TempSocketPath.Next(), system: Sys);

        await AssertKindsServeIn(ServingMode.Forking, tcp, udp, unixStream, unixDatagram);
    }

    private static async Task AssertKindsServeIn(ServingMode mode, TcpServer tcp, UdpServer udp, StreamServer unixStream, SocketServer unixDatagram)
    {
        SocketServer[] servers = [tcp, udp, unixStream, unixDatagram];
        foreach (var server in servers)
            _ = Serve(server);

        Assert.All(servers, server => Assert.Equal(mode, server.Mode));
        Assert.Equal(SocketType.Stream, unixStream.Socket.SocketType);
        Assert.Equal(AddressFamily.Unix, unixStream.Socket.AddressFamily);
        Assert.Equal(SocketType.Dgram, unixDatagram.Socket.SocketType);
        Assert.Equal(AddressFamily.Unix, unixDatagram.Socket.AddressFamily);
        Assert.Equal("TCP\n", await LineClient.RoundTripAsync(tcp.ServerAddress, "tcp"));
        Assert.Equal("UDP\n", await DatagramClient.RoundTripAsync(udp.ServerAddress, "udp"));
        Assert.Equal("UNIX STREAM\n", await LineClient.RoundTripAsync(unixStream.ServerAddress, "unix stream"));
        Assert.Equal("UNIX DATAGRAM\n", await DatagramClient.RoundTripAsync(unixDatagram.ServerAddress, "unix datagram"));
    }
}
