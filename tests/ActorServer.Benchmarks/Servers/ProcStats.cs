namespace ActorServer.Benchmarks.Servers;

/// <summary>What Linux's <c>/proc</c> says about a server process: resident memory, its peak, and CPU time used.</summary>
internal readonly record struct ProcSample(long Rss, long PeakRss, TimeSpan Cpu)
{
    // Linux reports CPU times in clock ticks of USER_HZ, which is 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    public static ProcSample? Read(int pid)
    {
        try
        {
            long rss = 0, peak = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    rss = Kilobytes(line);
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    peak = Kilobytes(line);
            }
            // The command name in field 2 may hold spaces; the fields we want come after its closing parenthesis.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
            return new ProcSample(rss, peak, TimeSpan.FromSeconds(ticks / TicksPerSecond));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(':', 2)[1].Trim().Split(' ')[0]) * 1024;
}
