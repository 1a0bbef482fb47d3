using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Benchmarks.Scenarios;

namespace ActorServer.Benchmarks.Load;

/// <summary>
/// The seed's client in a loop: connect, send a line, read the upper-cased reply until the server closes.
/// Each of <c>clients</c> workers does one connection at a time; a connection is one operation.
/// </summary>
internal static class ConnRateLoad
{
    public static async Task<LoadResult> RunAsync(IPEndPoint server, int clients, LoadSettings settings)
    {
        using var clock = settings.StartClock();
        var tallies = Enumerable.Range(0, clients).Select(_ => new LoadTally()).ToArray();
        await Task.WhenAll(tallies.Select(tally => Task.Run(() => WorkerAsync(server, tally, clock))));
        return LoadResult.Merge(clock.Measured, tallies);
    }

    private static async Task WorkerAsync(IPEndPoint server, LoadTally tally, LoadClock clock)
    {
        var reply = new byte[256];
        while (clock.Running)
        {
            var start = Stopwatch.GetTimestamp();
            string? wrong = null;
            Exception? failure = null;
            try
            {
                using var socket = await Loopback.ConnectAsync(server, noDelay: false, clock.Deadline);
                await socket.SendAsync(Work.LineRequest, SocketFlags.None, clock.Deadline);
                var total = 0;
                int n;
                while (total < reply.Length && (n = await socket.ReceiveAsync(reply.AsMemory(total), SocketFlags.None, clock.Deadline)) > 0)
                    total += n;
                if (!Work.IsUpperReply(reply.AsSpan(0, total)))
                    wrong = $"unexpected reply '{Encoding.UTF8.GetString(reply, 0, total)}'";
            }
            catch (Exception e)
            {
                failure = e;
            }
            var end = Stopwatch.GetTimestamp();
            if (!clock.InWindow(end))
                continue;
            if (failure is not null)
                tally.Error(failure);
            else if (wrong is not null)
                tally.Error(wrong);
            else
            {
                tally.Operations++;
                tally.Latency.RecordSince(start, end);
            }
        }
    }
}
