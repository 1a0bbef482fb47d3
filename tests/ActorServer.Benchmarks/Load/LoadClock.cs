using System.Diagnostics;

namespace ActorServer.Benchmarks.Load;

/// <summary>
/// The time frame of one load run: a warm-up whose results are dropped (JIT tiering, pools, connection set-up),
/// the measured window, and a hard deadline after it, so the load stops by itself even against a server that hangs.
/// </summary>
internal sealed class LoadClock : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _deadline;

    public LoadClock(TimeSpan warmup, TimeSpan measured, TimeSpan? setup = null)
    {
        Warmup = warmup;
        Measured = measured;
        var start = Stopwatch.GetTimestamp() + Ticks(setup ?? TimeSpan.Zero);
        MeasureStart = start + Ticks(warmup);
        MeasureEnd = MeasureStart + Ticks(measured);
        _deadline = new CancellationTokenSource((setup ?? TimeSpan.Zero) + warmup + measured + Grace);
    }

    public TimeSpan Warmup { get; }

    public TimeSpan Measured { get; }

    public long MeasureStart { get; }

    public long MeasureEnd { get; }

    /// <summary>Fires at the hard deadline: every socket operation of the load uses it.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <summary>True until the measured window ends: workers start no new operation after that.</summary>
    public bool Running => Stopwatch.GetTimestamp() < MeasureEnd && !_deadline.IsCancellationRequested;

    /// <summary>True when an operation that ended at <paramref name="timestamp"/> counts.</summary>
    public bool InWindow(long timestamp) => timestamp >= MeasureStart && timestamp < MeasureEnd;

    public TimeSpan UntilMeasureStart => Until(MeasureStart);

    public TimeSpan UntilMeasureEnd => Until(MeasureEnd);

    private static TimeSpan Until(long timestamp)
    {
        var now = Stopwatch.GetTimestamp();
        return now >= timestamp ? TimeSpan.Zero : Stopwatch.GetElapsedTime(now, timestamp);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    public void Dispose() => _deadline.Dispose();
}
