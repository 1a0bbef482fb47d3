using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorServer.Benchmarks.Load;

/// <summary>
/// Persistent connections, each sending one message and waiting for its echo before the next: messages per second
/// and round-trip latency. Every echo is checked to carry the message's own sequence number.
/// </summary>
internal static class PingPongLoad
{
    public static async Task<LoadResult> RunAsync(IPEndPoint server, int connections, int messageSize, LoadSettings settings)
    {
        using var setup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (sockets, failures, firstFailure) = await Loopback.ConnectManyAsync(server, connections, 64, noDelay: true, null, setup.Token);
        try
        {
            using var clock = settings.StartClock();
            var tallies = sockets.Select(_ => new LoadTally()).ToArray();
            await Task.WhenAll(sockets.Select((socket, i) => Task.Run(() => WorkerAsync(socket, messageSize, tallies[i], clock))));
            var result = LoadResult.Merge(clock.Measured, tallies);
            result.AddErrors(failures, firstFailure);
            return result;
        }
        finally
        {
            sockets.ForEach(Loopback.Close);
        }
    }

    private static async Task WorkerAsync(Socket socket, int messageSize, LoadTally tally, LoadClock clock)
    {
        var message = new byte[messageSize];
        var reply = new byte[messageSize];
        message.AsSpan().Fill((byte)'x');
        long sequence = 0;
        while (clock.Running)
        {
            BinaryPrimitives.WriteInt64LittleEndian(message, ++sequence);
            var start = Stopwatch.GetTimestamp();
            try
            {
                await Loopback.RoundTripAsync(socket, message, reply, clock.Deadline);
            }
            catch (Exception e)
            {
                tally.Error(e);
                return;
            }
            var end = Stopwatch.GetTimestamp();
            if (!clock.InWindow(end))
                continue;
            if (BinaryPrimitives.ReadInt64LittleEndian(reply) != sequence)
            {
                tally.Error($"echo of message {sequence} carried another sequence number");
                return;
            }
            tally.Operations++;
            tally.Bytes += messageSize;
            tally.Latency.RecordSince(start, end);
        }
    }
}
