using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorServer.Benchmarks.Load;

/// <summary>
/// Datagram echo: each client socket sends a numbered datagram and waits up to <see cref="LossTimeout"/> for its echo;
/// a datagram not echoed in time is lost, and a late echo of an earlier one is discarded. Datagrams per second and loss.
/// </summary>
internal static class UdpEchoLoad
{
    private static readonly TimeSpan LossTimeout = TimeSpan.FromMilliseconds(500);

    public static async Task<LoadResult> RunAsync(IPEndPoint server, int clients, int datagramSize, LoadSettings settings)
    {
        var sockets = Enumerable.Range(0, clients).Select(_ =>
        {
            var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Connect(server);
            return socket;
        }).ToList();
        try
        {
            using var clock = settings.StartClock();
            var workers = sockets.Select(socket => new Worker(socket, datagramSize, clock)).ToArray();
            await Task.WhenAll(workers.Select(w => Task.Run(w.RunAsync)));
            var result = LoadResult.Merge(clock.Measured, workers.Select(w => w.Tally));
            var sent = workers.Sum(w => w.Sent);
            var lost = workers.Sum(w => w.Lost);
            result.Notes.Add(LossNote(sent, lost));
            return result;
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    public static string LossNote(long sent, long lost) => $"loss {lost:N0} of {sent:N0} ({(sent == 0 ? 0 : 100.0 * lost / sent):0.###}%)";

    private sealed class Worker(Socket socket, int datagramSize, LoadClock clock)
    {
        public LoadTally Tally { get; } = new();

        public long Sent { get; private set; }

        public long Lost { get; private set; }

        public async Task RunAsync()
        {
            var datagram = new byte[datagramSize];
            var reply = new byte[datagramSize + 64];
            long sequence = 0;
            var timeout = CancellationTokenSource.CreateLinkedTokenSource(clock.Deadline);
            try
            {
                while (clock.Running)
                {
                    BinaryPrimitives.WriteInt64LittleEndian(datagram, ++sequence);
                    var start = Stopwatch.GetTimestamp();
                    var counts = clock.InWindow(start);
                    if (counts)
                        Sent++;
                    try
                    {
                        await socket.SendAsync(datagram, SocketFlags.None, clock.Deadline);
                        timeout.CancelAfter(LossTimeout);
                        while (true)
                        {
                            var n = await socket.ReceiveAsync(reply, SocketFlags.None, timeout.Token);
                            if (n >= 8 && BinaryPrimitives.ReadInt64LittleEndian(reply) == sequence)
                                break;
                        }
                    }
                    catch (OperationCanceledException) when (!clock.Deadline.IsCancellationRequested)
                    {
                        if (counts)
                            Lost++;
                        timeout.Dispose();
                        timeout = CancellationTokenSource.CreateLinkedTokenSource(clock.Deadline);
                        continue;
                    }
                    catch (Exception e)
                    {
                        Tally.Error(e);
                        return;
                    }
                    if (!timeout.TryReset())
                    {
                        timeout.Dispose();
                        timeout = CancellationTokenSource.CreateLinkedTokenSource(clock.Deadline);
                    }
                    var end = Stopwatch.GetTimestamp();
                    if (counts && clock.InWindow(end))
                    {
                        Tally.Operations++;
                        Tally.Latency.RecordSince(start, end);
                    }
                }
            }
            finally
            {
                timeout.Dispose();
            }
        }
    }
}
