namespace ActorServer.Benchmarks.Load;

/// <summary>
/// How long a load runs: a warm-up of at least <paramref name="MinWarmup"/>, longer while the server's JIT is still
/// busy (up to <paramref name="MaxWarmup"/>), then <paramref name="Measured"/>; the probe decides when the window opens.
/// </summary>
internal sealed record LoadSettings(TimeSpan MinWarmup, TimeSpan MaxWarmup, TimeSpan Measured, IWindowProbe Probe)
{
    /// <summary>Starts the clock (after any connection set-up) and the probe's watch over it.</summary>
    public LoadClock StartClock()
    {
        var clock = new LoadClock(MaxWarmup, Measured);
        _ = Probe.WatchAsync(clock, this);
        return clock;
    }
}

/// <summary>Opens the measured window once the server is warm, and samples the server at its edges.</summary>
internal interface IWindowProbe
{
    Task WatchAsync(LoadClock clock, LoadSettings settings);
}
