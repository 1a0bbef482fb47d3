using System.Globalization;
using ActorServer.Benchmarks.Scenarios;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Report;

/// <summary>Prints a scenario's rows as a Markdown table (ready for the README) with its target checks under it.</summary>
internal static class ResultTable
{
    public static void Print(TextWriter output, Scenario scenario, int connections, IReadOnlyList<ResultRow> rows, IReadOnlyList<TargetCheck> checks,
        string? when = null)
    {
        output.WriteLine();
        output.WriteLine($"### {scenario.Name}{(when is null ? "" : $", {when}")}: {connections:N0} {scenario.ConnectionsName}; {scenario.Description}");
        output.WriteLine();
        output.WriteLine($"| server | {scenario.Unit} | p50 | p99 | errors | peak RSS | server CPU/op | client CPU/op | alloc/op | × raw | notes |");
        output.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        var raw = rows.FirstOrDefault(r => r.Server.Kind == Contender.Raw && r.Result is not null);
        var rawThroughput = raw?.Result is { } rr ? scenario.Throughput(rr) : (double?)null;
        foreach (var row in rows)
        {
            if (row.Result is not { } result)
            {
                output.WriteLine($"| {row.Server.Label} | {row.Missing} | | | | | | | | | |");
                continue;
            }
            var throughput = scenario.Throughput(result);
            var ratio = rawThroughput is > 0 ? (throughput / rawThroughput.Value).ToString("0.00", CultureInfo.InvariantCulture) : "";
            var runtime = new List<string>();
            if (result.Operations == 0)
                runtime.Add("NOTHING completed in the window: the server stalled or was starved of CPU");
            if (row.Warmup is { } warm)
                runtime.Add($"warm-up {warm.TotalSeconds:0.0} s");
            if (scenario.ShowsLoopback && row.LoopbackBytesPerOperation is { } lo)
                runtime.Add($"{Bytes(lo)} over loopback/op, front process {Latency(row.FrontCpuPerOperation)} CPU/op");
            if (row.WorkItemsPerOperation is { } w)
                runtime.Add($"{w:0.0#} thread-pool items/op, {row.Jitted} methods jitted{(row.JitTime is { } jit ? $" in {jit.TotalMilliseconds:0} ms" : "")}, GC paused {row.GcPause?.TotalMilliseconds:0} ms");
            var notes = string.Join("; ", result.Notes.Concat(runtime).Concat(result.FirstError is { } e ? [$"first error: {e}"] : []));
            output.WriteLine($"| {row.Server.Label} | {Number(throughput)} | {Latency(result.Percentile(50))} | {Latency(result.Percentile(99))} " +
                             $"| {result.Errors:N0} | {Bytes(row.PeakRss)} | {Latency(row.CpuPerOperation)} | {Latency(result.ClientCpuPerOperation)} | {Bytes(row.AllocatedPerOperation)} | {ratio} | {notes.Replace('|', '/')} |");
        }
        output.WriteLine();
        output.WriteLine("Targets: " + string.Join(" · ", checks));
    }

    public static string Number(double value) =>
        value.ToString(value >= 100 ? "N0" : "0.0", CultureInfo.InvariantCulture);

    public static string Latency(TimeSpan? span) => span switch
    {
        null => "",
        { TotalMicroseconds: < 10 } s => $"{s.TotalMicroseconds.ToString("0.00", CultureInfo.InvariantCulture)} µs",
        { TotalMicroseconds: < 1000 } s => $"{s.TotalMicroseconds.ToString("0.#", CultureInfo.InvariantCulture)} µs",
        { TotalMilliseconds: < 1000 } s => $"{s.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture)} ms",
        var s => $"{s.Value.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s",
    };

    public static string Bytes(double? bytes) => bytes switch
    {
        null => "",
        < 1024 => $"{bytes.Value.ToString("0", CultureInfo.InvariantCulture)} B",
        < 1024 * 1024 => $"{(bytes.Value / 1024).ToString("0.0", CultureInfo.InvariantCulture)} KiB",
        _ => $"{(bytes.Value / (1024 * 1024)).ToString("0", CultureInfo.InvariantCulture)} MiB",
    };
}
