namespace ActorServer.Benchmarks.Servers;

/// <summary>What Linux's <c>/proc</c> says about a server process: resident memory, its peak, and CPU time used.</summary>
internal readonly record struct ProcSample(long Rss, long PeakRss, TimeSpan Cpu)
{
    // Linux reports CPU times in clock ticks of USER_HZ, which is 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>Two processes together: a server made of several (a cluster's nodes).</summary>
    public static ProcSample operator +(ProcSample a, ProcSample b) => new(a.Rss + b.Rss, a.PeakRss + b.PeakRss, a.Cpu + b.Cpu);

    /// <summary>Bytes sent on the loopback interface since boot, by every process (/proc/net/dev); null off Linux.</summary>
    public static long? LoopbackBytes()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/net/dev"))
            {
                var parts = line.Split(':', 2);
                if (parts.Length == 2 && parts[0].Trim() == "lo")
                    return long.Parse(parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[8]);
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

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
