namespace ActorServer.Benchmarks.Load;

/// <summary>How long a load runs, and who is told when its measured window opens and closes.</summary>
internal sealed record LoadSettings(TimeSpan Warmup, TimeSpan Measured, IWindowProbe Probe)
{
    /// <summary>Starts the clock (after any connection set-up) and the probe's watch over its window.</summary>
    public LoadClock StartClock()
    {
        var clock = new LoadClock(Warmup, Measured);
        _ = Probe.WatchAsync(clock);
        return clock;
    }
}

/// <summary>Samples the server when the measured window opens and closes (CPU time, allocations).</summary>
internal interface IWindowProbe
{
    Task WatchAsync(LoadClock clock);
}
