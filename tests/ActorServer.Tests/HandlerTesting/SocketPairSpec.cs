using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Testing;
using Xunit.Abstractions;

namespace ActorServer.Tests.HandlerTesting;

/// <summary>Handlers that use <c>Request</c> as a <see cref="Socket"/> get a real connected socket pair from the kit.</summary>
public sealed class SocketPairSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task A_handler_that_is_no_stream_handler_must_get_a_real_connected_socket_as_its_request()
    {
        await using var client = Connect<DescribeSocketHandler>();

        await client.SendLineAsync("describe");

        Assert.Equal(StreamTransport.SocketPair, client.Transport);
        await client.ExpectLineAsync($"Stream Tcp connected to {client.ClientAddress}");
        await client.ExpectClosedAsync();
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task A_stream_handler_must_stay_in_memory_unless_a_socket_pair_is_asked_for()
    {
        await using (var inMemory = Connect<NoDelayHandler>())
        {
            Assert.Equal(StreamTransport.InMemory, inMemory.Transport);
            await inMemory.ExpectLineAsync("no socket");
        }

        await using var overSockets = Connect<NoDelayHandler>(new HandlerClientOptions { Transport = StreamTransport.SocketPair });
        await overSockets.ExpectLineAsync("NoDelay=True");   // DisableNagleAlgorithm reached the real connection
    }

    [Fact]
    public async Task A_blocking_recv_handler_must_read_and_write_the_socket_pair()
    {
        await using var client = Connect<BlockingRecvHandler>();

        await client.SendAsync("abc");

        Assert.Equal("ABC", Encoding.UTF8.GetString(await client.ExpectBytesAsync(3)));
        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task A_half_closed_client_must_let_a_recv_handler_read_end_of_file()
    {
        await using var client = Connect<CountUntilEndHandler>();
        await client.SendAsync("12345");
        await client.ExpectNoReplyAsync(TimeSpan.FromMilliseconds(100));   // the handler reads until end of file

        client.CompleteSending();

        await client.ExpectLineAsync("5 bytes");
        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task A_client_reset_must_fail_a_recv_handler_with_a_real_connection_reset()
    {
        await using var client = Connect<CountUntilEndHandler>();
        await client.SendAsync("x");

        client.Reset();

        var reset = await client.ExpectFailureAsync<SocketException>();
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.True((await client.Completion).IsClientFault);
    }

    [Fact]
    public async Task Cancelling_the_request_must_fire_the_token_of_a_recv_handler_and_break_its_socket()
    {
        await using var client = Connect<CountUntilEndHandler>();
        await client.SendAsync("x");

        client.CancelRequest();

        await client.ExpectFailureAsync<OperationCanceledException>();
        Assert.True((await client.Completion).Cancelled);
    }

    [Fact]
    public async Task A_client_address_given_in_the_options_must_be_what_a_socket_handler_sees()
    {
        var address = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 4242);
        await using var client = Connect<DescribeSocketHandler>(new HandlerClientOptions { ClientAddress = address });

        await client.SendLineAsync("describe");

        await client.ExpectLineAsync("Stream Tcp connected to 10.1.2.3:4242");
    }

    [Fact]
    public void Options_that_shape_an_in_memory_connection_must_be_refused_for_a_socket_pair_naming_them()
    {
        var error = Assert.Throws<ArgumentException>(() => Connect<DescribeSocketHandler>(new HandlerClientOptions { MaxChunk = 1 }));

        Assert.Contains("MaxChunk", error.Message);
        Assert.Contains("StreamTransport.InMemory", error.Message);
    }

    /// <summary>Reads a line off the raw socket, then describes the socket and the client address it was given.</summary>
    private sealed class DescribeSocketHandler : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var socket = (Socket)Request;
            await socket.ReceiveAsync(new byte[64], SocketFlags.None, cancellationToken);
            var text = $"{socket.SocketType} {socket.ProtocolType} {(socket.Connected ? "connected" : "closed")} to {ClientAddress}\n";
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, cancellationToken);
        }
    }

    /// <summary>The seed's blocking style: <c>self.request.recv(1024)</c> and <c>sendall</c> in a synchronous Handle.</summary>
    private sealed class BlockingRecvHandler : BaseRequestHandler
    {
        public override void Handle()
        {
            var socket = (Socket)Request;
            var buffer = new byte[1024];
            var received = 0;
            while (received < 3)
                received += socket.Receive(buffer.AsSpan(received));
            socket.Send(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(buffer, 0, received).ToUpperInvariant()));
        }
    }

    /// <summary>Counts what arrives until the client half-closes, then says how much.</summary>
    private sealed class CountUntilEndHandler : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var socket = (Socket)Request;
            var buffer = new byte[1024];
            var total = 0;
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) is var n and > 0)
                total += n;
            await socket.SendAsync(Encoding.UTF8.GetBytes($"{total} bytes\n"), SocketFlags.None, cancellationToken);
        }
    }

    /// <summary>A stream handler that asks for TCP_NODELAY and reports whether its connection has it.</summary>
    private sealed class NoDelayHandler : StreamRequestHandler
    {
        public NoDelayHandler() => DisableNagleAlgorithm = true;

        public override Task HandleAsync(CancellationToken cancellationToken) =>
            WriteAsync((Request is Socket ? $"NoDelay={Connection.NoDelay}" : "no socket") + "\n", cancellationToken).AsTask();
    }
}
