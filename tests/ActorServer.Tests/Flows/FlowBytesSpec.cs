using System.Net.Sockets;
using ActorServer.Flows;
using ActorServer.Tests.Support;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>What the connection stage hands the flow is the flow's to keep: a read taken in its pooled buffer (no copy)
/// is never overwritten by a later read, and an element sent from its own bytes goes out whole.</summary>
public sealed class FlowBytesSpec(ITestOutputHelper output) : FlowSpec(output)
{
    private const int Reads = 8;
    private const int ReadSize = 4096;

    [Fact]
    public async Task Elements_a_flow_holds_must_keep_their_bytes_while_later_reads_come_in()
    {
        await using var server = FlowServer(() => new HoldingFlow());
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        // Each write a read's worth of a byte of its own: a buffer reused for a later read would show in an earlier element.
        var sent = new byte[Reads * ReadSize];
        for (var i = 0; i < Reads; i++)
        {
            sent.AsSpan(i * ReadSize, ReadSize).Fill((byte)('a' + i));
            await client.Socket.SendAsync(sent.AsMemory(i * ReadSize, ReadSize), SocketFlags.None);
        }
        client.Socket.Shutdown(SocketShutdown.Send);

        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await client.Socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Patience)) > 0)
            received.Write(buffer, 0, n);

        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public void A_compact_byte_string_must_give_its_one_segment_and_a_rope_none()
    {
        var bytes = new byte[16];
        Assert.True(ByteStrings.TryGetSegment(ByteString.FromBytes(bytes, 3, 5), out var segment));
        Assert.Same(bytes, segment.Array);
        Assert.Equal((3, 5), (segment.Offset, segment.Count));

        var rope = ByteString.FromBytes(bytes, 0, 4).Concat(ByteString.FromBytes(new byte[4]));
        Assert.False(ByteStrings.TryGetSegment(rope, out _));
    }

    [Fact]
    public async Task A_flow_handlers_stream_must_run_on_the_flow_dispatcher()
    {
        await using var server = FlowServer(() => new HoldingFlow());

        Assert.Equal(FlowMaterializer.DispatcherId, server.FlowMaterializerSettings.Dispatcher);
        Assert.Equal(FlowMaterializer.DispatcherId, Sys.Dispatchers.Lookup(FlowMaterializer.DispatcherId).Id);
    }

    /// <summary>Holds every element until the client's input ends, then sends them all back.</summary>
    private sealed class HoldingFlow : FlowRequestHandler
    {
        public HoldingFlow()
        {
            HalfClose = true;
            ReadBufferSize = ReadSize;
        }

        protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
            Flow.Create<ByteString>().Grouped(10_000).SelectMany(elements => elements);
    }
}
