using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>
/// Issue 15's back-pressure proof, with the server in a process of its own so that its resident memory is its alone:
/// the FlowEcho sample taking 100 lines a second (<c>--lines-per-second</c>, a <c>Throttle</c> in the flow), and a
/// client that writes as fast as it can for 10 s while it reads the replies.
/// </summary>
public sealed class FlowResidentMemorySpec(ITestOutputHelper output)
{
    private const int LinesPerSecond = 100;

    /// <summary>A line with its <c>\n</c>: the sample's longest (1024 bytes without it) less one. Its reply is as long.</summary>
    private const int LineBytes = 1024;

    private static readonly TimeSpan Writing = TimeSpan.FromSeconds(10);

    /// <summary>Until then the server's memory still grows by what any start costs (JIT, first buffers, tiered code).</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    /// <summary>What resident memory may grow after the warm-up. Held-back bytes sit in the kernel's socket buffers,
    /// which are not the process's memory; the flow holds one read (64 KiB) and one frame (1 KiB). The rest is the
    /// runtime's own breathing (a GC budget, code tiering up). A server that read without back-pressure would keep
    /// what the client wrote: hundreds of megabytes in 10 s on loopback.</summary>
    private const long RssGrowthBound = 8L * 1024 * 1024;

    [Fact]
    public async Task A_client_writing_as_fast_as_it_can_for_10_s_to_a_flow_taking_a_line_every_10_ms_must_block_while_the_servers_memory_stays_flat()
    {
        await using var server = SampleProcess.Start("FlowEcho", "--port", "0", "--mode", "threading", "--lines-per-second", $"{LinesPerSecond}");
        var endpoint = IPEndPoint.Parse(await server.ListeningOnAsync());
        var atStart = ResidentBytes(server.Id);
        using var client = await LineClient.ConnectAsync(endpoint);
        client.Socket.SendBufferSize = 64 * 1024;
        var counts = new Counts();
        var reading = ReadRepliesAsync(client.Socket, counts);

        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(Writing);
        var writing = WriteUntilStoppedAsync(client.Socket, Lines(8), counts, stop.Token);
        // Sampling while the client writes, as a measurement (the assertions below do not depend on when a sample falls).
        long? baseline = null;
        var peak = 0L;
        (long Written, long Replied)? half = null;
        while (!writing.IsCompleted)
        {
            await Task.WhenAny(writing, Task.Delay(TimeSpan.FromMilliseconds(200)));
            var rss = ResidentBytes(server.Id);
            if (clock.Elapsed < WarmUp)
                continue;
            baseline ??= rss;
            peak = Math.Max(peak, rss);
            if (clock.Elapsed >= Writing / 2)
                half ??= (counts.Written, counts.Replied);
        }
        await writing;
        var (written, replied) = (counts.Written, counts.Replied);
        var sendBuffer = client.Socket.SendBufferSize;
        client.Socket.Close(0);
        await reading;

        var growth = peak - baseline!.Value;
        var (writtenLater, repliedLater) = (written - half!.Value.Written, replied - half.Value.Replied);
        // Written but not answered: the client's send buffer, the server's receive buffer (at most tcp_rmem's maximum),
        // the flow's read and frame, and answers still on their way back (at most the server's send buffer).
        var bound = sendBuffer + KernelMaximum("tcp_rmem") + 64 * 1024 + LineBytes + KernelMaximum("tcp_wmem");
        output.WriteLine($"in {Writing.TotalSeconds:0} s the client wrote {written / 1024:N0} KiB and got {replied / 1024:N0} KiB answered " +
                         $"({replied / LineBytes / Writing.TotalSeconds:0} lines/s); held back {(written - replied) / 1024:N0} KiB (bound {bound / 1024:N0} KiB); " +
                         $"in the last {Writing.TotalSeconds / 2:0} s it wrote {writtenLater / 1024:N0} KiB while {repliedLater / 1024:N0} KiB were answered. " +
                         $"Server RSS: {atStart / 1024:N0} KiB at start, {baseline / 1024:N0} KiB after {WarmUp.TotalSeconds:0} s, peak {peak / 1024:N0} KiB (growth {growth / 1024:N0} KiB)");
        Assert.True(replied > 0, "the flow answered nothing");
        Assert.InRange(written - replied, 0, bound);
        // The writes block: once the buffers are full the client writes only as fast as the flow takes (1 MiB of slack
        // for the kernel growing a receive buffer), where an unthrottled loopback takes hundreds of MiB a second.
        Assert.InRange(writtenLater, 0, repliedLater + 1024 * 1024);
        Assert.InRange(growth, long.MinValue, RssGrowthBound);
    }

    private sealed class Counts
    {
        private long _written;
        private long _replied;

        public long Written => Interlocked.Read(ref _written);

        public long Replied => Interlocked.Read(ref _replied);

        public void Wrote(int bytes) => Interlocked.Add(ref _written, bytes);

        public void Answered(int bytes) => Interlocked.Add(ref _replied, bytes);
    }

    /// <summary>Writes <paramref name="chunk"/> again and again until stopped; counts each write once complete.</summary>
    private static async Task WriteUntilStoppedAsync(Socket socket, byte[] chunk, Counts counts, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await socket.SendAsync(chunk, SocketFlags.None, stop);
                counts.Wrote(chunk.Length);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Reads the answers (so that the flow's output never waits on us) until the socket is closed.</summary>
    private static async Task ReadRepliesAsync(Socket socket, Counts counts)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None) is > 0 and var n)
                counts.Answered(n);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed by the test once the writing stopped.
        }
    }

    private static byte[] Lines(int count)
    {
        var line = new string('a', LineBytes - 1) + "\n";
        return System.Text.Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(line, count)));
    }

    private static long ResidentBytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0]) * 1024;
    }

    /// <summary>The largest buffer the kernel gives a TCP socket's receive or send side (the third of <c>tcp_rmem</c>, <c>tcp_wmem</c>).</summary>
    private static long KernelMaximum(string setting) =>
        long.Parse(File.ReadAllText($"/proc/sys/net/ipv4/{setting}").Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries)[2]);
}
