using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ActorServer.Benchmarks.Load;
using ActorServer.Benchmarks.Report;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Scenarios;

/// <summary>What to run: the scenarios, how long, how many connections, which servers, how many rounds.</summary>
internal sealed record BenchmarkOptions(
    IReadOnlyList<Scenario> Scenarios, TimeSpan Measured, TimeSpan MinWarmup, TimeSpan MaxWarmup, int? Connections,
    IReadOnlySet<Contender> Servers, int Rounds);

/// <summary>
/// Runs each scenario against each server in turn (one server measured at a time, on loopback), prints a table per
/// scenario and connection count, and a summary of the issue's targets at the end. With several rounds, the servers
/// are measured in turn round after round (so a burst of load from elsewhere on the machine hits them alike) and
/// each row is the server's median round.
/// </summary>
internal sealed class BenchmarkRunner(BenchmarkOptions options, TextWriter output)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var limit = OpenFileLimit.Raise(65536);
        var started = Stopwatch.GetTimestamp();
        PrintHeader(limit);
        var summary = new List<(string Case, TargetCheck Check)>();
        foreach (var scenario in options.Scenarios)
        {
            foreach (var connections in options.Connections is { } n ? [n] : scenario.Connections)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var rows = await RunCaseAsync(scenario, connections);
                var checks = scenario.Targets(rows, row => row.Result is { } r ? scenario.Throughput(r) : null).ToList();
                ResultTable.Print(output, scenario, connections, rows, checks);
                summary.AddRange(checks.Select(c => ($"{scenario.Name} ({connections:N0})", c)));
            }
        }
        output.WriteLine();
        output.WriteLine($"## Targets ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s in all)");
        output.WriteLine();
        foreach (var (name, check) in summary)
            output.WriteLine($"- {name}: {check}");
        return 0;
    }

    private async Task<List<ResultRow>> RunCaseAsync(Scenario scenario, int connections)
    {
        var servers = scenario.Servers.Where(s => options.Servers.Contains(s.Kind)).ToList();
        var missing = new Dictionary<ServerVariant, string>();
        foreach (var server in servers)
        {
            if (ScenarioCatalog.Unavailable(server, scenario) is { } why)
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
                    Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario.Name} ({connections}) round {round} against {server.Label}");
                    var warm = processes.TryGetValue(server, out var process);
                    try
                    {
                        process ??= processes[server] = await ServerProcess.StartAsync(server, scenario.Workload);
                        measured[server].Add(await MeasureAsync(scenario, connections, server, process, warm));
                    }
                    catch (Exception e)
                    {
                        missing[server] = $"failed: {e.GetType().Name}: {e.Message} {process?.ErrorTail}".Replace('\n', ' ');
                    }
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

    /// <summary>One measurement; a server already measured in an earlier round is warm and gets only the least warm-up.</summary>
    private async Task<ResultRow> MeasureAsync(Scenario scenario, int connections, ServerVariant server, ServerProcess process, bool warm)
    {
        var probe = new ServerWindowProbe(process);
        var settings = new LoadSettings(options.MinWarmup, warm ? options.MinWarmup : options.MaxWarmup, options.Measured, probe);
        var result = await scenario.Drive(process.Address, connections, settings, process);
        var window = await probe.WindowAsync();
        return new ResultRow(server, result)
        {
            CpuPerOperation = window is { } w && result.Operations > 0 ? w.Cpu / result.Operations : null,
            AllocatedPerOperation = window?.Counters.Allocated is { } a && result.Operations > 0 ? (double)a / result.Operations : null,
            WorkItemsPerOperation = window?.Counters.WorkItems is { } items && result.Operations > 0 ? (double)items / result.Operations : null,
            Jitted = window?.Counters.Jitted,
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

    private void PrintHeader(ulong? openFiles)
    {
        output.WriteLine($"# ActorServer benchmarks, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        output.WriteLine();
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                         $"load average at start {LoadAverage()}, open-file limit {openFiles?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}.");
        output.WriteLine($"Each server runs alone in its own process on 127.0.0.1, driven by this program's load client (which shares the cores); " +
                         $"a warm-up of {options.MinWarmup.TotalSeconds:0.#} s, longer (up to {options.MaxWarmup.TotalSeconds:0.#} s) until a .NET server's JIT has settled, " +
                         $"then {options.Measured.TotalSeconds:0.#} s measured" +
                         (options.Rounds > 1 ? $", in {options.Rounds} rounds taking turns (each row is the median round). " : ". ") +
                         "Server CPU/op and alloc/op are the server process's own (alloc: .NET servers only).");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
