using System.Globalization;
using System.Runtime.InteropServices;
using ActorServer.Benchmarks.Scenarios;

namespace ActorServer.Benchmarks.Report;

/// <summary>The run's heading: when, on what machine and load, with which client and clock.</summary>
internal static class RunHeader
{
    public static void Print(TextWriter output, BenchmarkOptions options, ulong? openFiles)
    {
        output.WriteLine($"# ActorServer benchmarks, {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC");
        output.WriteLine();
        output.WriteLine($"Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, " +
                         $"load average at start {LoadAverage()}, open-file limit {openFiles?.ToString(CultureInfo.InvariantCulture) ?? "unknown"}.");
        var rounds = options.Rounds > 1 ? $", in {options.Rounds} rounds taking turns (each row is the median round). " : ". ";
        output.WriteLine(options.Client == LoadClientKind.Native
            ? "Each server runs alone in its own process on 127.0.0.1, driven by the outside load client (loadgen.c compiled with cc -O2: " +
              "one thread, epoll, a process of its own, no runtime), whose own CPU per operation is the client CPU/op column; " +
              $"a warm-up of {Seconds(options.MaxWarmup)} s for a server just started, {Seconds(options.MinWarmup)} s in later rounds, " +
              $"then {Seconds(options.Measured)} s measured{rounds}"
            : "Each server runs alone in its own process on 127.0.0.1, driven by the IN-PROCESS .NET load client (--client dotnet), which " +
              "shares the cores and competes with the server (its client CPU/op is this whole program's); " +
              $"a warm-up of {Seconds(options.MinWarmup)} s, longer (up to {Seconds(options.MaxWarmup)} s) until a .NET server's JIT has settled, " +
              $"then {Seconds(options.Measured)} s measured{rounds}");
        output.WriteLine("Server CPU/op and alloc/op are the server process's own (alloc: .NET servers only).");
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    public static string LoadAverage()
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
