using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ActorServer.Benchmarks.Load;
using ActorServer.Benchmarks.Report;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Scenarios;

/// <summary>What to run: the scenarios, how long, how many connections, which servers.</summary>
internal sealed record BenchmarkOptions(
    IReadOnlyList<Scenario> Scenarios, TimeSpan Measured, TimeSpan MinWarmup, TimeSpan MaxWarmup, int? Connections, IReadOnlySet<ServerKind> Servers);

/// <summary>
/// Runs each scenario against each server in turn (one server process at a time, on loopback), prints a table per
/// scenario and connection count, and a summary of the issue's targets at the end.
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
                var rows = new List<ResultRow>();
                foreach (var server in scenario.Servers.Where(s => options.Servers.Contains(s.Kind)))
                    rows.Add(await RunOneAsync(scenario, connections, server));
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

    private async Task<ResultRow> RunOneAsync(Scenario scenario, int connections, ServerVariant server)
    {
        if (ScenarioCatalog.Unavailable(server, scenario) is { } why)
            return ResultRow.Unavailable(server, why);
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {scenario.Name} ({connections}) against {server.Label}");
        ServerProcess? process = null;
        try
        {
            process = await ServerProcess.StartAsync(server, scenario.Workload);
            var probe = new ServerWindowProbe(process);
            var result = await scenario.Drive(process.Address, connections, new LoadSettings(options.MinWarmup, options.MaxWarmup, options.Measured, probe), process);
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
        catch (Exception e)
        {
            return ResultRow.Unavailable(server, $"failed: {e.GetType().Name}: {e.Message} {process?.ErrorTail}".Replace('\n', ' '));
        }
        finally
        {
            if (process is not null)
                await process.DisposeAsync();
        }
    }

    private void PrintHeader(ulong? openFiles)
    {
        output.WriteLine($"# ActorServer benchmarks, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        output.WriteLine();
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                         $"load average at start {LoadAverage()}, open-file limit {openFiles?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}.");
        output.WriteLine($"Each server runs alone in its own process on 127.0.0.1, driven by this program's load client (which shares the cores); " +
                         $"a warm-up of {options.MinWarmup.TotalSeconds:0.#} s, longer (up to {options.MaxWarmup.TotalSeconds:0.#} s) until a .NET server's JIT has settled, " +
                         $"then {options.Measured.TotalSeconds:0.#} s measured. " +
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
