using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Load;

/// <summary>
/// Opens many connections that then sit idle: how long until every one has been accepted and served a first echo
/// (latency here is connect + first echo), and how much the server's resident memory grew per connection once it
/// has settled (a full garbage collection for .NET servers). Afterwards every connection must still echo.
/// </summary>
internal static class IdleLoad
{
    private const int Concurrency = 256;

    public static async Task<LoadResult> RunAsync(IPEndPoint server, int connections, ServerProcess process)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var token = deadline.Token;
        Task Greet(Socket socket) => Loopback.RoundTripAsync(socket, new byte[8], new byte[8], token);

        var (warm, _, _) = await Loopback.ConnectManyAsync(server, 64, 64, noDelay: true, Greet, token);
        warm.ForEach(Loopback.Close);
        var before = await process.SettleAsync();

        var latency = new LatencyHistogram();
        var start = Stopwatch.GetTimestamp();
        var (sockets, failures, firstFailure) = await Loopback.ConnectManyAsync(server, connections, Concurrency, noDelay: true, Greet, token, latency);
        var acceptTime = Stopwatch.GetElapsedTime(start);
        try
        {
            var after = await process.SettleAsync();
            var result = new LoadResult(acceptTime);
            var tally = new LoadTally { Operations = sockets.Count };
            tally.Latency.Add(latency);
            result.Add(tally);
            result.AddErrors(failures, firstFailure);
            result.AddErrors(await CountSilentAsync(sockets, token), "an idle connection no longer echoed");
            Describe(result, sockets.Count, before, after);
            return result;
        }
        finally
        {
            sockets.ForEach(Loopback.Close);
        }
    }

    /// <summary>Memory per held connection and the accept time, from the server's settled samples before and after.</summary>
    public static void Describe(LoadResult result, long held, MemorySample before, MemorySample after)
    {
        result.AcceptTime = result.Measured;
        if (held <= 0)
            return;
        result.BytesPerConnection = (double)(after.Rss - before.Rss) / held;
        var managed = after.ManagedHeap is { } a && before.ManagedHeap is { } b ? $", managed heap {(a - b) / (double)held / 1024:0.0} KiB/conn" : "";
        result.Notes.Add($"{held:N0} held; RSS {result.BytesPerConnection / 1024:0.0} KiB/conn{managed}; all accepted in {result.Measured.TotalSeconds:0.00} s");
    }

    private static async Task<long> CountSilentAsync(List<Socket> sockets, CancellationToken token)
    {
        long silent = 0;
        var next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < sockets.Count)
            {
                try
                {
                    await Loopback.RoundTripAsync(sockets[i], new byte[8], new byte[8], token);
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref silent);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(_ => Task.Run(Worker)));
        return silent;
    }
}
