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
            return (await IdleAsync(client, load, server, connections, process), null);
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

    private static async Task<LoadResult> IdleAsync(NativeClient client, NativeLoad load, IPEndPoint server, int connections, ServerProcess process)
    {
        MemorySample? before = null, after = null;
        async Task<string?> OnLine(string line)
        {
            if (line == "warmed")
                before = await process.SettleAsync();
            else if (line.StartsWith("held", StringComparison.Ordinal))
                after = await process.SettleAsync();
            return "go";
        }
        var result = await client.RunAsync(load.Arguments(server, connections, TimeSpan.Zero, TimeSpan.FromSeconds(1)), OnLine, IdleLimit);
        if (before is { } b && after is { } a)
            IdleLoad.Describe(result, result.Operations, b, a);
        return result;
    }
}
