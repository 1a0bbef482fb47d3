using System.Diagnostics;
using System.Net;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Load.Native;

/// <summary>
/// One measurement with the outside client: the client keeps its own clock (a fixed warm-up, then the window) and
/// says when the window opens and closes, and the server is sampled at those instants, as the in-process client's
/// probe does. For idle the server is settled and sampled when the client has warmed up and when it holds every connection.
/// </summary>
internal static class NativeMeasure
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan IdleLimit = TimeSpan.FromSeconds(180);

    public static async Task<(LoadResult Result, ServerWindow? Window)> RunAsync(
        NativeClient client, NativeLoad load, IPEndPoint server, int connections, TimeSpan warmup, TimeSpan measured, ServerProcess process)
    {
        if (load.Kind == "idle")
            return await IdleAsync(client, load, server, connections, process);
        (TimeSpan? Cpu, RuntimeCounters Counters) opened = default, closed = default;
        async Task<(TimeSpan?, RuntimeCounters)> Sample() => (process.Sample()?.Cpu, await process.CountersAsync());
        async Task<string?> OnLine(string line)
        {
            if (line == "measuring")
                opened = await Sample();
            else if (line == "measured")
                closed = await Sample();
            return null;
        }
        var result = await client.RunAsync(load.Arguments(server, connections, warmup, measured), OnLine, warmup + measured + Grace);
        var window = new ServerWindow((closed.Cpu - opened.Cpu) ?? TimeSpan.Zero, closed.Counters - opened.Counters, warmup);
        return (result, window);
    }

    /// <summary>Fewer methods compiled in a warm-up batch of idle than this: the server's JIT has settled.</summary>
    private const int IdleSettledJit = 20;

    /// <summary>The fewest warm-up batches for a .NET server: 2,048 connections, every method on the way called often
    /// enough to pass through both of tiered compilation's promotions.</summary>
    private const int IdleMinBatches = 4;

    private static readonly TimeSpan IdleMaxWarmup = TimeSpan.FromSeconds(20);

    /// <summary>Between idle's warm-up batches: longer than tiered compilation's call-counting delay (100 ms), so the
    /// methods the last batch made hot are promoted before the next.</summary>
    private static readonly TimeSpan IdleWarmupPause = TimeSpan.FromMilliseconds(250);

    /// <summary>Memory is sampled settled, before and after; the server's CPU and counters between the first settle and
    /// the second, so its window is the accepting and the first echoes, not the collections.</summary>
    private static async Task<(LoadResult, ServerWindow?)> IdleAsync(NativeClient client, NativeLoad load, IPEndPoint server, int connections, ServerProcess process)
    {
        MemorySample? before = null, after = null;
        (TimeSpan? Cpu, RuntimeCounters Counters) opened = default, closed = default;
        long? jittedBefore = null;
        var batches = 0;
        var warmedFor = TimeSpan.Zero;
        var warming = Stopwatch.StartNew();
        async Task<string?> OnLine(string line)
        {
            if (line == "warmed")
            {
                // Warm as every scenario does: another batch while the last one still compiled methods (tiered
                // compilation promotes a method only after calls and a pause), at least four for a .NET server.
                var jitted = (await process.CountersAsync()).Jitted;
                var settled = ++batches >= IdleMinBatches && jittedBefore is { } earlier && jitted - earlier < IdleSettledJit;
                if (jitted is not null && !settled && warming.Elapsed < IdleMaxWarmup)
                {
                    jittedBefore = jitted;
                    await Task.Delay(IdleWarmupPause);
                    return "more";
                }
                warmedFor = warming.Elapsed;
                before = await process.SettleAsync();
                opened = (process.Sample()?.Cpu, await process.CountersAsync());
            }
            else if (line.StartsWith("held", StringComparison.Ordinal))
            {
                closed = (process.Sample()?.Cpu, await process.CountersAsync());
                after = await process.SettleAsync();
            }
            return "go";
        }
        var result = await client.RunAsync(load.Arguments(server, connections, TimeSpan.Zero, TimeSpan.FromSeconds(1)), OnLine, IdleLimit);
        if (before is { } b && after is { } a)
            IdleLoad.Describe(result, result.Operations, b, a);
        var window = closed.Cpu - opened.Cpu is { } cpu ? new ServerWindow(cpu, closed.Counters - opened.Counters, warmedFor) : null;
        return (result, window);
    }
}
