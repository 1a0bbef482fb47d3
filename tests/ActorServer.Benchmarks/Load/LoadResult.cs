namespace ActorServer.Benchmarks.Load;

/// <summary>The merged outcome of one load run against one server.</summary>
internal sealed class LoadResult
{
    public LoadResult(TimeSpan measured) => Measured = measured;

    public TimeSpan Measured { get; }

    public long Operations { get; private set; }

    public long Bytes { get; private set; }

    public long Errors { get; private set; }

    public string? FirstError { get; private set; }

    public LatencyHistogram Latency { get; } = new();

    /// <summary>p50 and p99 as the outside client reported them (it keeps its own histogram), instead of <see cref="Latency"/>'s.</summary>
    public (TimeSpan? P50, TimeSpan? P99)? Reported { get; set; }

    /// <summary>The load client's own CPU time (user + system) in the measured window.</summary>
    public TimeSpan? ClientCpu { get; set; }

    /// <summary>The client's CPU time per operation: what driving the server cost, beside what serving cost.</summary>
    public TimeSpan? ClientCpuPerOperation => ClientCpu is { } cpu && Operations > 0 ? cpu / Operations : null;

    /// <summary>Scenario-specific findings for the table's notes (byte check, loss, memory per connection).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Memory per idle connection in bytes, for the idle scenario.</summary>
    public double? BytesPerConnection { get; set; }

    /// <summary>How long accepting every idle connection took, for the idle scenario.</summary>
    public TimeSpan? AcceptTime { get; set; }

    /// <summary>The latency at <paramref name="percentile"/> (50 or 99 from the outside client; any from the in-process one).</summary>
    public TimeSpan? Percentile(double percentile) => Reported switch
    {
        { } r when percentile == 50 => r.P50,
        { } r when percentile == 99 => r.P99,
        _ => Latency.Percentile(percentile),
    };

    public double PerSecond => Operations / Measured.TotalSeconds;

    public double MiBPerSecond => Bytes / Measured.TotalSeconds / (1024 * 1024);

    public static LoadResult Merge(TimeSpan measured, IEnumerable<LoadTally> tallies)
    {
        var result = new LoadResult(measured);
        foreach (var tally in tallies)
            result.Add(tally);
        return result;
    }

    public void Add(LoadTally tally)
    {
        Operations += tally.Operations;
        Bytes += tally.Bytes;
        Errors += tally.Errors;
        FirstError ??= tally.FirstError;
        Latency.Add(tally.Latency);
    }

    /// <summary>Counts operations measured elsewhere (by the outside client).</summary>
    public void Add(long operations, long bytes) => (Operations, Bytes) = (Operations + operations, Bytes + bytes);

    public void AddErrors(long count, string? first)
    {
        Errors += count;
        if (count > 0)
            FirstError ??= first;
    }
}
