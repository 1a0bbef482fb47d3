using System.Text;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Handlers;

public sealed class StreamRequestHandlerSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Reads a 4-byte length-prefixed frame with ReadExactlyAsync and answers with its length and text.</summary>
    private sealed class FrameHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            var header = await ReadExactlyAsync(4, ct);
            var length = BitConverter.ToInt32(header);
            var body = await ReadExactlyAsync(length, ct);
            await WriteAsync($"{length}:{Encoding.UTF8.GetString(body)}", ct);
        }
    }

    [Fact]
    public async Task ReadExactlyAsync_must_assemble_a_frame_sent_in_pieces()
    {
        await using var server = Tcp<FrameHandler>();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        var frame = BitConverter.GetBytes(11).Concat(Encoding.UTF8.GetBytes("hello world")).ToArray();
        foreach (var chunk in frame.Chunk(3))
            await client.SendAsync(chunk);

        Assert.Equal("11:hello world", await client.ReadToEndAsync());
    }

    /// <summary>Reads lines until the client closes, answering each with its number; tests line splitting.</summary>
    private sealed class LineCounter : StreamRequestHandler
    {
        public LineCounter() => RbufSize = 7;

        public override async Task HandleAsync(CancellationToken ct)
        {
            var n = 0;
            while (await ReadLineAsync(ct) is { } line)
                await WriteAsync($"{++n}:{line};", ct);
        }
    }

    [Fact]
    public async Task ReadLineAsync_must_split_lines_across_reads_and_return_the_unterminated_rest()
    {
        await using var server = Tcp<LineCounter>();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await client.SendAsync("first line is longer than the buffer\r\nsé\n\nlast");
        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.Equal("1:first line is longer than the buffer;2:sé;3:;4:last;", await client.ReadToEndAsync());
    }

    /// <summary>Writes with a buffer and waits for the client's go-ahead, so the test can see nothing left early.</summary>
    private sealed class BufferedWriterHandler : StreamRequestHandler
    {
        public BufferedWriterHandler() => WbufSize = -1;

        public override async Task HandleAsync(CancellationToken ct)
        {
            await WriteAsync("buffered", ct);
            await ReadLineAsync(ct);
            await WriteAsync(" and flushed at finish", ct);
        }
    }

    [Fact]
    public async Task A_buffered_wfile_must_hold_writes_until_the_request_finishes()
    {
        await using var server = Tcp<BufferedWriterHandler>();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        Assert.False(client.HasDataWithin(TimeSpan.FromMilliseconds(300)), "a buffered write was sent before the flush");
        await client.SendAsync("go\n");

        Assert.Equal("buffered and flushed at finish", await client.ReadToEndAsync());
    }

    /// <summary>With the default wbufsize 0, each write goes out at once.</summary>
    private sealed class UnbufferedWriterHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            await WriteAsync("at once;", ct);
            await ReadLineAsync(ct);
        }
    }

    [Fact]
    public async Task An_unbuffered_wfile_must_send_each_write_at_once()
    {
        await using var server = Tcp<UnbufferedWriterHandler>();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        Assert.Equal("at once;", await client.ReadAsync(8));
        await client.SendAsync("done\n");
        Assert.Equal(string.Empty, await client.ReadToEndAsync());
    }

    /// <summary>Waits for a line under a short timeout.</summary>
    private sealed class ImpatientHandler : StreamRequestHandler
    {
        public ImpatientHandler() => Timeout = TimeSpan.FromMilliseconds(200);

        public override async Task HandleAsync(CancellationToken ct) =>
            await WriteAsync((await ReadLineAsync(ct))?.ToUpperInvariant() + "\n", ct);
    }

    [Fact]
    public async Task A_silent_client_must_time_out_and_be_closed_with_a_warning()
    {
        await using var server = Tcp<ImpatientHandler>();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await EventFilter.Warning(contains: "client was silent").ExpectOneAsync(async () =>
            Assert.Equal(string.Empty, await client.ReadToEndAsync()));
        Assert.Equal("STILL SERVING\n", await LineClient.RoundTripAsync(server.ServerAddress, "still serving"));
    }

    /// <summary>The blocking surface under the same timeout.</summary>
    private sealed class ImpatientBlockingHandler : StreamRequestHandler
    {
        public ImpatientBlockingHandler() => Timeout = TimeSpan.FromMilliseconds(200);

        public override void Handle() => ReadLine();
    }

    [Fact]
    public async Task A_silent_client_must_time_out_a_blocking_read_too()
    {
        await using var server = Tcp<ImpatientBlockingHandler>();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await EventFilter.Warning(contains: "client was silent").ExpectOneAsync(async () =>
            Assert.Equal(string.Empty, await client.ReadToEndAsync()));
    }

    private sealed class ShortLines : StreamRequestHandler
    {
        public ShortLines() => MaxLineLength = 16;

        public override async Task HandleAsync(CancellationToken ct) => await ReadLineAsync(ct);
    }

    [Fact]
    public async Task A_line_longer_than_the_maximum_must_fail_the_request_not_grow_the_buffer()
    {
        await using var server = Tcp<ShortLines>();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await EventFilter.Warning(contains: "longer than the maximum of 16 bytes").ExpectOneAsync(async () =>
        {
            await client.SendAsync(new string('x', 40));
            await client.ReadToEndAsync();
        });
    }

    /// <summary>Reports the socket's TCP_NODELAY to the probe.</summary>
    private sealed class NagleReporter(IActorRef probe) : StreamRequestHandler
    {
        public override Task HandleAsync(CancellationToken ct)
        {
            probe.Tell(Connection.NoDelay);
            return Task.CompletedTask;
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DisableNagleAlgorithm_must_set_tcp_nodelay_on_the_connection(bool disable)
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new NagleReporter(TestActor) { DisableNagleAlgorithm = disable }, system: Sys);
        _ = Serve(server);

        await LineClient.RoundTripAsync(server.ServerAddress, "x");

        ExpectMsg(disable);
    }
}
