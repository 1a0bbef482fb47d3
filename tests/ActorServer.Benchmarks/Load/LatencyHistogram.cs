using System.Diagnostics;
using System.Numerics;

namespace ActorServer.Benchmarks.Load;

/// <summary>
/// A log-linear histogram of latencies in nanoseconds (32 sub-buckets per power of two, so about 3% precision),
/// one per load worker so recording takes no lock; workers' histograms are merged after the run.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBits = 5;
    private const int Sub = 1 << SubBits;
    private const int Groups = 40;
    private static readonly double NanosPerTick = 1_000_000_000.0 / Stopwatch.Frequency;

    private readonly long[] _counts = new long[(Groups + 1) * Sub];

    public long Count { get; private set; }

    public void RecordSince(long startTimestamp, long endTimestamp) =>
        Record((long)((endTimestamp - startTimestamp) * NanosPerTick));

    public void Record(long nanos)
    {
        _counts[Index(Math.Max(0, nanos))]++;
        Count++;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < _counts.Length; i++)
            _counts[i] += other._counts[i];
        Count += other.Count;
    }

    /// <summary>The latency at <paramref name="percentile"/> (0–100), or null when nothing was recorded.</summary>
    public TimeSpan? Percentile(double percentile)
    {
        if (Count == 0)
            return null;
        var rank = (long)Math.Ceiling(Count * percentile / 100.0);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= Math.Max(1, rank))
                return TimeSpan.FromTicks((LowerBound(i) + LowerBound(i + 1)) / 2 / 100);
        }
        return TimeSpan.FromTicks(LowerBound(_counts.Length) / 100);
    }

    private static int Index(long nanos)
    {
        if (nanos < Sub)
            return (int)nanos;
        var msb = 63 - BitOperations.LeadingZeroCount((ulong)nanos);
        var group = msb - SubBits + 1;
        if (group > Groups)
            return (Groups + 1) * Sub - 1;
        var mantissa = nanos >> (msb - SubBits);
        return group * Sub + (int)(mantissa - Sub);
    }

    private static long LowerBound(int index)
    {
        var group = index / Sub;
        var rest = index % Sub;
        return group == 0 ? rest : (long)(Sub + rest) << (group - 1);
    }
}
