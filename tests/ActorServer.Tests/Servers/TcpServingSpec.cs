using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

public sealed class TcpServingSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task A_tcp_server_must_echo_a_line_upper_cased_through_the_async_surface()
    {
        await using var server = Tcp<UpperCaseHandler>();
        var serving = Serve(server);

        Assert.Equal("HELLO WORLD\n", await LineClient.RoundTripAsync(server.ServerAddress, "hello world"));

        await server.ShutdownAsync();
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_tcp_server_must_echo_through_the_blocking_rfile_and_wfile()
    {
        await using var server = Tcp<BlockingUpperCaseHandler>();
        _ = Serve(server);

        Assert.Equal("BLOCKING\n", await LineClient.RoundTripAsync(server.ServerAddress, "blocking"));
    }

    [Fact]
    public async Task A_tcp_server_must_serve_many_sequential_clients()
    {
        await using var server = Tcp<UpperCaseHandler>();
        _ = Serve(server);

        for (var i = 0; i < 50; i++)
            Assert.Equal($"CLIENT {i}\n", await LineClient.RoundTripAsync(server.ServerAddress, $"client {i}"));
    }

    [Fact]
    public async Task A_tcp_server_must_resolve_port_zero_to_the_bound_port()
    {
        await using var server = new TcpServer<UpperCaseHandler>(AnyLoopbackPort, system: Sys);

        var address = Assert.IsType<IPEndPoint>(server.ServerAddress);
        Assert.NotEqual(0, address.Port);
        Assert.Equal(address, server.Socket.LocalEndPoint);
        Assert.Equal(server.Socket.Handle, server.Fileno());
    }

    [Fact]
    public async Task A_tcp_server_must_serve_over_ipv6()
    {
        await using var server = new TcpServer<WhoAmIHandler>(new IPEndPoint(IPAddress.IPv6Loopback, 0), system: Sys);
        _ = Serve(server);

        Assert.Equal(AddressFamily.InterNetworkV6, server.ServerAddress.AddressFamily);
        Assert.Equal("::1\n", await LineClient.RoundTripAsync(server.ServerAddress, "who am i"));
    }

    [Fact]
    public async Task A_tcp_server_must_accept_a_host_and_port_pair_as_python_does()
    {
        await using var server = new TcpServer<UpperCaseHandler>("localhost", 0, system: Sys);
        _ = Serve(server);

        Assert.Equal(IPAddress.Loopback, ((IPEndPoint)server.ServerAddress).Address);
        Assert.Equal("PAIR\n", await LineClient.RoundTripAsync(server.ServerAddress, "pair"));
    }
}
