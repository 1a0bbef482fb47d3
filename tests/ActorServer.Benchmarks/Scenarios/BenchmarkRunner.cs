using System.Diagnostics;
using ActorServer.Benchmarks.Load;
using ActorServer.Benchmarks.Load.Native;
using ActorServer.Benchmarks.Report;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Scenarios;

/// <summary>
/// Runs each scenario against each server in turn (one server measured at a time, on loopback), prints a table per
/// scenario and connection count, then the first seconds after a start and the idle CPU when asked, and a summary of
/// the issue's targets at the end. With several rounds, the servers are measured in turn round after round (so a
/// burst of load from elsewhere on the machine hits them alike) and each row is the server's median round.
/// </summary>
internal sealed class BenchmarkRunner(BenchmarkOptions options, TextWriter output)
{
    private NativeClient? _native;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (options.Client == LoadClientKind.Native)
        {
            try
            {
                _native = await NativeClient.CompileAsync();
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 2;
            }
        }
        var limit = OpenFileLimit.Raise(65536);
        var started = Stopwatch.GetTimestamp();
        RunHeader.Print(output, options, limit);
        var summary = new List<(string Case, TargetCheck Check)>();
        foreach (var scenario in options.Scenarios)
        {
            foreach (var connections in options.Connections is { } n ? [n] : scenario.Connections)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = await RunCaseAsync(scenario, connections, cold: false);
                var checks = scenario.Targets(rows, row => row.Result is { } r ? scenario.Throughput(r) : null).ToList();
                ResultTable.Print(output, scenario, connections, rows, checks);
                summary.AddRange(checks.Select(c => ($"{scenario.Name} ({connections:N0})", c)));
            }
        }
        if (options.FirstSeconds is { } first)
        {
            foreach (var scenario in ScenarioCatalog.ColdStart)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var connections = options.Connections ?? scenario.Connections[0];
                var rows = await RunCaseAsync(scenario, connections, cold: true);
                var checks = Targets.FirstSeconds(rows, row => row.Result is { } r ? scenario.Throughput(r) : null).ToList();
                ResultTable.Print(output, scenario, connections, rows, checks, $"the first {first.TotalSeconds:0.#} s after the server listens");
                summary.AddRange(checks.Select(c => ($"{scenario.Name} ({connections:N0}), first {first.TotalSeconds:0.#} s", c)));
            }
        }
        if (options.IdleCpu is { } idle)
        {
            var servers = MainRows(ScenarioCatalog.Find("pingpong").Servers)
                .Where(s => options.Servers.Contains(s.Kind) && ScenarioCatalog.Unavailable(s) is null).ToList();
            if (options.Servers.Contains(Contender.ActorServer))
                servers.InsertRange(1, ScenarioCatalog.HostedIdle);
            summary.AddRange((await IdleCpuMeasure.RunAsync(servers, idle, options.Rounds, output)).Select(c => ("idle CPU", c)));
        }
        output.WriteLine();
        output.WriteLine($"## Targets ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s in all)");
        output.WriteLine();
        foreach (var (name, check) in summary)
            output.WriteLine($"- {name}: {check}");
        return 0;
    }

    /// <summary>Each kind's first row only: ActorServer's variants (another dispatcher, a handler timeout) left out.</summary>
    private static IEnumerable<ServerVariant> MainRows(IEnumerable<ServerVariant> servers) => servers.DistinctBy(s => s.Kind);

    /// <summary>Every server of a case, round after round; cold, each measurement starts a server of its own and stops it after.</summary>
    private async Task<List<ResultRow>> RunCaseAsync(Scenario scenario, int connections, bool cold)
    {
        var main = MainRows(scenario.Servers).ToHashSet();
        var servers = scenario.Servers
            .Where(s => main.Contains(s) || (!cold && (options.Variants is null || options.Variants.Contains(s.Mode))))
            .Where(s => options.Servers.Contains(s.Kind)).ToList();
        var missing = new Dictionary<ServerVariant, string>();
        foreach (var server in servers)
        {
            if (ScenarioCatalog.Unavailable(server) is { } why)
                missing[server] = why;
        }
        var measured = servers.ToDictionary(s => s, _ => new List<ResultRow>());
        var processes = new Dictionary<ServerVariant, ServerProcess>();
        try
        {
            var rounds = scenario.Repeatable ? options.Rounds : 1;
            for (var round = 1; round <= rounds; round++)
            {
                foreach (var server in servers.Where(s => !missing.ContainsKey(s)))
                {
                    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario.Name} ({connections}){(cold ? " cold" : "")} round {round} against {server.Label}");
                    var warmth = cold ? Warmth.Cold : processes.ContainsKey(server) ? Warmth.Warm : Warmth.Fresh;
                    processes.TryGetValue(server, out var process);
                    try
                    {
                        process ??= processes[server] = await ServerProcess.StartAsync(server, scenario.Workload);
                        measured[server].Add(await MeasureAsync(scenario, connections, server, process, warmth));
                    }
                    catch (Exception e)
                    {
                        missing[server] = $"failed: {e.GetType().Name}: {e.Message} {process?.ErrorTail}".Replace('\n', ' ');
                    }
                    if (cold && processes.Remove(server, out var used))
                        await used.DisposeAsync();
                }
            }
        }
        finally
        {
            foreach (var process in processes.Values)
                await process.DisposeAsync();
        }
        return [.. servers.Select(s => missing.TryGetValue(s, out var why) ? ResultRow.Unavailable(s, why) : Median(scenario, measured[s]))];
    }

    /// <summary>
    /// One measurement. The outside client warms a server just started for the most warm-up (the issue's 10 s), one
    /// measured in an earlier round for the least; the in-process client's probe waits, within those bounds, for the
    /// JIT to settle. Cold, the window opens as the server starts listening.
    /// </summary>
    private async Task<ResultRow> MeasureAsync(Scenario scenario, int connections, ServerVariant server, ServerProcess process, Warmth warmth)
    {
        var (least, most, length) = warmth switch
        {
            Warmth.Cold => (TimeSpan.Zero, TimeSpan.Zero, options.FirstSeconds ?? options.Measured),
            Warmth.Warm => (options.MinWarmup, options.MinWarmup, options.Measured),
            _ => (options.MinWarmup, options.MaxWarmup, options.Measured),
        };
        LoadResult result;
        ServerWindow? window;
        if (_native is { } client && scenario.Native is { } load)
            (result, window) = await NativeMeasure.RunAsync(client, load, process.Address, connections, most, length, process);
        else
        {
            var probe = new ServerWindowProbe(process);
            result = await scenario.Drive(process.Address, connections, new LoadSettings(least, most, length, probe), process);
            window = await probe.WindowAsync();
            result.ClientCpu ??= window?.ClientCpu;
        }
        return new ResultRow(server, result)
        {
            CpuPerOperation = window is { } w && result.Operations > 0 ? w.Cpu / result.Operations : null,
            AllocatedPerOperation = window?.Counters.Allocated is { } a && result.Operations > 0 ? (double)a / result.Operations : null,
            WorkItemsPerOperation = window?.Counters.WorkItems is { } items && result.Operations > 0 ? (double)items / result.Operations : null,
            FrontCpuPerOperation = window?.Counters.OwnCpuMicroseconds is { } own && result.Operations > 0 ? TimeSpan.FromMicroseconds((double)own / result.Operations) : null,
            LoopbackBytesPerOperation = window?.Counters.LoopbackBytes is { } lo && result.Operations > 0 ? (double)lo / result.Operations : null,
            Jitted = window?.Counters.Jitted,
            JitTime = window?.Counters.JitMicroseconds is { } jit ? TimeSpan.FromMicroseconds(jit) : null,
            Warmup = window?.Warmup,
            GcPause = window?.Counters.GcPauseMicroseconds is { } pause ? TimeSpan.FromMicroseconds(pause) : null,
            PeakRss = process.Sample()?.PeakRss,
        };
    }

    /// <summary>The round with the median throughput, noting the range of all rounds.</summary>
    private static ResultRow Median(Scenario scenario, List<ResultRow> rounds)
    {
        var ordered = rounds.OrderBy(r => scenario.Throughput(r.Result!)).ToList();
        var median = ordered[(ordered.Count - 1) / 2];
        if (ordered.Count > 1)
        {
            median.Result!.Notes.Insert(0, $"median of {ordered.Count} rounds ({ResultTable.Number(scenario.Throughput(ordered[0].Result!))}" +
                                           $"–{ResultTable.Number(scenario.Throughput(ordered[^1].Result!))})");
        }
        return median;
    }
}
