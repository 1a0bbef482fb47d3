using System.Diagnostics;

namespace ActorServer.Benchmarks.Load;

/// <summary>
/// The time frame of one load run: a warm-up whose results are dropped, then the measured window, which opens when
/// the server's probe says the server is warm (<see cref="BeginMeasuring"/>), and a hard deadline after it, so the load
/// stops by itself even against a server that hangs.
/// </summary>
internal sealed class LoadClock : IDisposable
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _deadline;
    private long _measureStart = long.MaxValue;
    private long _measureEnd = long.MaxValue;

    public LoadClock(TimeSpan maxWarmup, TimeSpan measured)
    {
        Started = Stopwatch.GetTimestamp();
        Measured = measured;
        _deadline = new CancellationTokenSource(maxWarmup + measured + Grace);
    }

    public long Started { get; }

    public TimeSpan Measured { get; }

    /// <summary>How long the warm-up lasted, once the window has opened.</summary>
    public TimeSpan Warmup => Volatile.Read(ref _measureStart) is var start and not long.MaxValue ? Stopwatch.GetElapsedTime(Started, start) : TimeSpan.Zero;

    /// <summary>Fires at the hard deadline: every socket operation of the load uses it.</summary>
    public CancellationToken Deadline => _deadline.Token;

    /// <summary>True until the measured window ends: workers start no new operation after that.</summary>
    public bool Running => Stopwatch.GetTimestamp() < Volatile.Read(ref _measureEnd) && !_deadline.IsCancellationRequested;

    /// <summary>True when an operation that ended at <paramref name="timestamp"/> counts.</summary>
    public bool InWindow(long timestamp) => timestamp >= Volatile.Read(ref _measureStart) && timestamp < Volatile.Read(ref _measureEnd);

    /// <summary>Opens the measured window now; it closes <see cref="Measured"/> later.</summary>
    public void BeginMeasuring()
    {
        var now = Stopwatch.GetTimestamp();
        Volatile.Write(ref _measureEnd, now + (long)(Measured.TotalSeconds * Stopwatch.Frequency));
        Volatile.Write(ref _measureStart, now);
    }

    public TimeSpan UntilMeasureEnd =>
        Volatile.Read(ref _measureEnd) is var end && Stopwatch.GetTimestamp() is var now && now < end ? Stopwatch.GetElapsedTime(now, end) : TimeSpan.Zero;

    public void Dispose() => _deadline.Dispose();
}
