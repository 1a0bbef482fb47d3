using ActorServer.Samples.TcpEcho;
using ActorServer.Samples.UdpEcho;
using ActorServer.Samples.UnixEcho;
using ActorServer.Testing;
using Xunit.Abstractions;

namespace ActorServer.Tests.HandlerTesting;

/// <summary>The samples' own handlers (the README's), each run under the kit with the driver its class calls for.</summary>
public sealed class SampleHandlersSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task The_tcp_echo_recv_handler_must_answer_over_a_real_socket()
    {
        await using var client = Connect<MyTcpHandler>();

        await client.SendLineAsync("hello world");

        Assert.Equal(StreamTransport.SocketPair, client.Transport);
        Assert.Equal("HELLO WORLD", await client.ReadToEndAsync());
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task The_tcp_echo_stream_handler_must_answer_in_memory()
    {
        await using var client = Connect<MyStreamHandler>();

        await client.SendLineAsync("hello world");

        Assert.Equal(StreamTransport.InMemory, client.Transport);
        Assert.Equal("HELLO WORLD", await client.ReadToEndAsync());
    }

    [Fact]
    public async Task The_udp_echo_recv_handler_must_answer_with_one_datagram()
    {
        await using var client = ConnectDatagram<MyUdpHandler>();

        await client.SendLineAsync("hello world");

        await client.ExpectRepliesAsync("HELLO WORLD");
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task The_udp_echo_datagram_handler_must_answer_with_one_datagram()
    {
        await using var client = ConnectDatagram<MyDatagramHandler>();

        await client.SendLineAsync("hello world");

        await client.ExpectRepliesAsync("HELLO WORLD");
    }

    [Fact]
    public async Task The_unix_echo_stream_handler_must_answer_in_memory()
    {
        await using var client = Connect<MyUnixStreamHandler>();

        await client.SendLineAsync("hello unix");

        Assert.Equal("HELLO UNIX", await client.ReadToEndAsync());
    }

    [Fact]
    public async Task The_unix_echo_datagram_handler_must_answer_a_client_bound_to_a_path()
    {
        await using var client = ConnectDatagram<MyUnixDatagramHandler>(new HandlerDatagramClientOptions { Kind = DatagramClientKind.UnixBound });

        await client.SendLineAsync("hello unix");

        await client.ExpectRepliesAsync("HELLO UNIX");
    }

    [Fact]
    public async Task The_unix_echo_datagram_handler_must_fail_to_answer_an_unbound_client_as_on_a_server()
    {
        await using var client = ConnectDatagram<MyUnixDatagramHandler>(new HandlerDatagramClientOptions { Kind = DatagramClientKind.UnixUnbound });

        await client.SendLineAsync("hello unix");

        await client.ExpectFailureAsync<IOException>();
        Assert.True((await client.OutcomesAsync()).Single().IsClientFault);
    }
}
