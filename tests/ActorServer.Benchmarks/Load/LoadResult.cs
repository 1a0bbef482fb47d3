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

    /// <summary>Scenario-specific findings for the table's notes (byte check, loss, memory per connection).</summary>
    public List<string> Notes { get; } = [];

    /// <summary>Memory per idle connection in bytes, for the idle scenario.</summary>
    public double? BytesPerConnection { get; set; }

    /// <summary>How long accepting every idle connection took, for the idle scenario.</summary>
    public TimeSpan? AcceptTime { get; set; }

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

    public void AddErrors(long count, string? first)
    {
        Errors += count;
        if (count > 0)
            FirstError ??= first;
    }
}
