using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

public sealed class UdpServerSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task A_udp_server_must_give_a_plain_handler_the_data_and_socket_pair_and_a_way_to_reply()
    {
        await using var server = new UdpServer<PairHandler>("localhost", 0, system: Sys);
        _ = Serve(server);

        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)server.ServerAddress).Address);
        Assert.NotEqual(0, ((IPEndPoint)server.ServerAddress).Port);
        Assert.Equal("HELLO WORLD", await DatagramClient.RoundTripAsync(server.ServerAddress, "hello world"));
    }

    [Fact]
    public async Task A_udp_server_must_serve_over_ipv6()
    {
        await using var server = new UdpServer<DatagramWhoAmIHandler>(new IPEndPoint(IPAddress.IPv6Loopback, 0), system: Sys);
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await client.SendAsync("who am i");

        Assert.Equal(AddressFamily.InterNetworkV6, server.Socket.AddressFamily);
        Assert.Equal(client.LocalAddress!.ToString(), await client.ReceiveAsync());
        Assert.StartsWith("[::1]:", client.LocalAddress.ToString());
    }

    [Fact]
    public async Task A_udp_server_must_serve_a_datagram_of_exactly_max_packet_size_and_drop_a_larger_one_with_a_warning()
    {
        await using var server = new UdpServer<PacketLengthHandler>(AnyLoopbackPort, system: Sys);
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);
        Assert.Equal(8192, server.MaxPacketSize);   // Python's max_packet_size

        await EventFilter.Warning(contains: $"Dropped a datagram of 8193 bytes from {client.LocalAddress}: larger than max-packet-size (8192 bytes)")
            .ExpectOneAsync(() => client.SendAsync(new byte[8193]));
        await client.SendAsync(new byte[8192]);

        // The first reply is the second datagram's: the oversized one never reached a handler, truncated or not.
        Assert.Equal("8192", await client.ReceiveAsync());
    }

    [Fact]
    public async Task A_udp_server_must_read_max_packet_size_when_it_receives()
    {
        await using var server = new UdpServer<PacketLengthHandler>(AnyLoopbackPort, system: Sys) { MaxPacketSize = 16 };
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await EventFilter.Warning(contains: "Dropped a datagram of 17 bytes").ExpectOneAsync(() => client.SendAsync(new byte[17]));
        await client.SendAsync(new byte[16]);

        Assert.Equal("16", await client.ReceiveAsync());
        Assert.Throws<ArgumentOutOfRangeException>(() => server.MaxPacketSize = 0);
    }

    [Fact]
    public async Task A_udp_server_must_keep_serving_when_a_receive_fails_because_an_earlier_datagram_was_undeliverable()
    {
        await using var server = new UdpServer<BounceHandler>(AnyLoopbackPort, system: Sys);
        // IP_RECVERR makes Linux report the ICMP port-unreachable on this unconnected socket's next receive, as Windows
        // always does (there as a reset): the error a client's vanished port causes.
        server.Socket.SetRawSocketOption(0, 11, BitConverter.GetBytes(1));
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await EventFilter.Warning(contains: "failed with ConnectionRefused")
            .ExpectOneAsync(() => client.SendAsync($"bounce {ClosedUdpPort()}\n"));
        await client.SendAsync("still here\n");

        Assert.Equal("STILL HERE", await client.ReceiveAsync());
    }

    [Fact]
    public async Task A_datagram_handler_must_read_every_line_of_the_packet_and_send_all_it_wrote_as_one_reply()
    {
        await using var server = new UdpServer<EveryLineHandler>(AnyLoopbackPort, system: Sys);
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await client.SendAsync("one\r\ntwo\nthree");

        Assert.Equal("ONE;TWO;THREE;", await client.ReceiveAsync());
    }

    [Fact]
    public async Task A_datagram_handler_must_work_through_the_blocking_rfile_and_wfile()
    {
        await using var server = new UdpServer<BlockingDatagramHandler>(AnyLoopbackPort, system: Sys);
        _ = Serve(server);

        Assert.Equal("blocking:PORT OF PYTHON\n", await DatagramClient.RoundTripAsync(server.ServerAddress, "port of python"));
    }

    [Fact]
    public async Task A_datagram_handler_that_writes_nothing_must_send_no_reply()
    {
        await using var server = new UdpServer<QuietHandler>(AnyLoopbackPort, system: Sys);
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await client.SendAsync("quiet\n");
        await client.SendAsync("loud\n");

        Assert.Equal("LOUD", await client.ReceiveAsync());   // not an empty datagram first, as Python would send
    }

    [Fact]
    public async Task A_udp_server_must_give_verify_request_the_datagram_and_its_client()
    {
        await using var server = new PacketFilterServer(AnyLoopbackPort, Sys);
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await client.SendAsync("deny me\n");
        await client.SendAsync("let me in\n");

        Assert.Equal("LET ME IN\n", await client.ReceiveAsync());
        Assert.Equal([$"8-byte datagram from {client.LocalAddress}", $"10-byte datagram from {client.LocalAddress}"], server.Seen);
    }

    [Fact]
    public async Task A_udp_server_must_refuse_a_port_in_use_a_class_that_is_not_a_handler_and_a_stream_handler()
    {
        await using var first = new UdpServer<DatagramUpperCaseHandler>(AnyLoopbackPort, system: Sys);

        var error = Assert.Throws<ServerBindException>(() => new UdpServer<DatagramUpperCaseHandler>(first.ServerAddress, system: Sys));
        Assert.Contains("already in use", error.Message);
        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        Assert.Throws<ArgumentException>(() => new UdpServer(AnyLoopbackPort, typeof(string), system: Sys));
        var wrongFamily = Assert.Throws<ArgumentException>(() => new UdpServer<UpperCaseHandler>(AnyLoopbackPort, system: Sys));
        Assert.Contains("is a StreamRequestHandler, which cannot serve the datagrams of a datagram server: use a DatagramRequestHandler", wrongFamily.Message);
        var reverse = Assert.Throws<ArgumentException>(() => new TcpServer(AnyLoopbackPort, typeof(DatagramUpperCaseHandler), system: Sys));
        Assert.Contains("cannot serve the connections of a stream server", reverse.Message);
    }

    [Fact]
    public async Task A_udp_server_must_run_a_handler_type_given_at_run_time()
    {
        await using var server = new UdpServer(AnyLoopbackPort, typeof(DatagramUpperCaseHandler), system: Sys);
        _ = Serve(server);

        Assert.Equal("BY TYPE\n", await DatagramClient.RoundTripAsync(server.ServerAddress, "by type"));
    }

    private static int ClosedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Refuses datagrams that start with "deny", and records what VerifyRequest was given.</summary>
    private sealed class PacketFilterServer(EndPoint address, Akka.Actor.ActorSystem system)
        : UdpServer<DatagramUpperCaseHandler>(address, system: system)
    {
        public List<string> Seen { get; } = [];

        protected override bool VerifyRequest(object request, EndPoint? clientAddress)
        {
            var datagram = (DatagramRequest)request;
            Assert.Equal(clientAddress, datagram.ClientAddress);
            Seen.Add(datagram.ToString());
            return !datagram.Packet.Span.StartsWith("deny"u8);
        }
    }
}
