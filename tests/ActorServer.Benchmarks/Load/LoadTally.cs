namespace ActorServer.Benchmarks.Load;

/// <summary>What one load worker counted in the measured window. Owned by one worker at a time: no locks.</summary>
internal sealed class LoadTally
{
    public long Operations;
    public long Bytes;
    public long Errors;
    public LatencyHistogram Latency { get; } = new();
    public string? FirstError;

    public void Error(Exception e)
    {
        Errors++;
        FirstError ??= $"{e.GetType().Name}: {e.Message}";
    }

    public void Error(string message)
    {
        Errors++;
        FirstError ??= message;
    }
}
