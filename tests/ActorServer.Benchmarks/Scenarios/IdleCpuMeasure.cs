using System.Diagnostics;
using System.Globalization;
using ActorServer.Benchmarks.Report;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Scenarios;

/// <summary>
/// An idle server's own CPU (user + system, from <c>/proc/PID/stat</c>): each echo server started alone, left
/// <see cref="Settle"/> to finish starting, then sampled over the window with no client at all. Servers take turns
/// round after round; each row is the median round. Issue 13's target: ActorServer at most 0.5 % of one core, in an
/// actor system of its own and in an Akka.Hosting app with the setting docs/performance.md asks for.
/// </summary>
internal static class IdleCpuMeasure
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    private const double TargetPercent = 0.5;

    public static async Task<List<TargetCheck>> RunAsync(IReadOnlyList<ServerVariant> servers, TimeSpan window, int rounds, TextWriter output)
    {
        var shares = servers.ToDictionary(s => s, _ => new List<double>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var server in servers)
            {
                Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] idle CPU round {round} of {server.Label}");
                await using var process = await ServerProcess.StartAsync(server, Workload.Echo);
                // Waiting on the wall clock is the measurement itself: nothing happens, and we watch it cost.
                await Task.Delay(Settle);
                var (before, start) = (process.Sample(), Stopwatch.GetTimestamp());
                await Task.Delay(window);
                var (after, elapsed) = (process.Sample(), Stopwatch.GetElapsedTime(start));
                if (before is { } b && after is { } a)
                    shares[server].Add(100 * (a.Cpu - b.Cpu) / elapsed);
            }
        }
        output.WriteLine();
        output.WriteLine($"### idle CPU: echo servers with no client, {window.TotalSeconds:0.#} s each after {Settle.TotalSeconds:0} s to settle");
        output.WriteLine();
        output.WriteLine("| server | CPU, % of one core | rounds |");
        output.WriteLine("|---|--:|---|");
        foreach (var (server, values) in shares)
        {
            var sorted = values.Order().ToList();
            var median = sorted.Count > 0 ? Percent(sorted[(sorted.Count - 1) / 2]) : "not measured";
            output.WriteLine($"| {server.Label} | {median} | {string.Join(", ", sorted.Select(Percent))} |");
        }
        // Every ActorServer row has the target but the Akka.Hosting app left on Akka's default scheduler: that row shows
        // what the setting the docs ask for (WithTimerQueueScheduler, the next row) is worth.
        var checks = shares.Where(p => p.Key is { Kind: Contender.ActorServer, Mode: not "hosted" })
            .Select(p => Check(p.Key, p.Value.Order().ToList())).ToList();
        if (checks.Count == 0)
            checks.Add(new TargetCheck(null, "idle ActorServer CPU not measured"));
        output.WriteLine();
        output.WriteLine($"Targets: {string.Join(" · ", checks)}");
        return checks;
    }

    private static TargetCheck Check(ServerVariant server, List<double> sorted) => sorted.Count > 0
        ? new TargetCheck(sorted[(sorted.Count - 1) / 2] <= TargetPercent, $"idle {server.Label} uses {Percent(sorted[(sorted.Count - 1) / 2])} of a core (≤ {TargetPercent} %)")
        : new TargetCheck(null, $"idle {server.Label} CPU not measured");

    private static string Percent(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
