using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>Back-pressure reaches the socket both ways: a flow that does not pull stops the reads (the client's writes
/// block in a full window), and a client that does not read stops the flow's output. The 10 s proof in flat resident
/// memory is <see cref="FlowResidentMemorySpec"/>.</summary>
public sealed class FlowBackPressureSpec(ITestOutputHelper output) : FlowSpec(output)
{
    /// <summary>What the reads may take ahead of a stalled flow: a few reads of the handler's 64 KiB buffer.</summary>
    private const long ReadAhead = 4 * 64 * 1024;

    [Fact]
    public async Task A_flow_that_does_not_pull_must_stop_the_socket_reads_until_it_pulls_again()
    {
        var taken = new ByteCount();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = FlowServer(() => new GatedFlow(taken, gate.Task));
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        client.Socket.SendBufferSize = 64 * 1024;

        // Far more than the kernel buffers on both sides hold: the write cannot complete while the flow holds back.
        var payload = new byte[64 * 1024 * 1024];
        var writing = client.Socket.SendAsync(payload, SocketFlags.None);
        await AwaitConditionAsync(() => Task.FromResult(taken.Bytes > 0));
        var stalled = await Task.WhenAny(writing, Task.Delay(TimeSpan.FromSeconds(2))) != writing;

        Assert.True(stalled, "the client's write completed although the flow did not pull");
        Assert.InRange(taken.Bytes, 1, ReadAhead);

        gate.SetResult();
        await writing.WaitAsync(Patience);
        await AwaitConditionAsync(() => Task.FromResult(taken.Bytes == payload.Length), Patience);
    }

    [Fact]
    public async Task A_client_that_does_not_read_must_stop_the_flows_output_within_the_socket_buffers()
    {
        var produced = new ByteCount();
        await using var server = FlowServer(() => new FirehoseFlow(produced));
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        var buffers = (long)client.Socket.ReceiveBufferSize + 8 * 1024 * 1024; // ours, the server's send buffer at most (tcp_wmem max 4 MiB) and more

        var settled = await SettledAsync(produced);

        Assert.InRange(settled, 1, buffers + 2 * 64 * 1024);

        // Reading lets the flow go on.
        var received = 0L;
        var buffer = new byte[1024 * 1024];
        while (received < 2 * settled)
            received += await client.Socket.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Patience);
        Assert.True(produced.Bytes > settled);
    }

    /// <summary>Waits until the count stops growing for half a second: the flow's output has stopped.</summary>
    private static async Task<long> SettledAsync(ByteCount count)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = -1L;
        while (DateTime.UtcNow < deadline)
        {
            var now = count.Bytes;
            if (now == last && now > 0)
                return now;
            last = now;
            await Task.Delay(500);
        }
        throw new TimeoutException($"the flow's output did not stop: {count.Bytes} bytes produced");
    }
}
