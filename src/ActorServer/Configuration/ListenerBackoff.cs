namespace ActorServer;

/// <summary>
/// How long a restarted listener waits before it accepts again: <see cref="Min"/> after the first restart, doubling with
/// each restart in a row up to <see cref="Max"/>, each delay stretched by a random share of up to
/// <see cref="RandomFactor"/> so that servers restarted together do not resume together (Akka's BackoffSupervisor
/// rule). The count starts over once the listener has accepted for <see cref="Max"/> without a restart.
/// HOCON <c>listener-backoff { min, max, random-factor }</c>.
/// </summary>
public sealed record ListenerBackoff
{
    /// <summary>Creates a back-off; the HOCON reader checks the same bounds and names the key.</summary>
    /// <param name="min">The first delay, above zero.</param>
    /// <param name="max">The longest delay before the random stretch, at least <paramref name="min"/>.</param>
    /// <param name="randomFactor">The largest random stretch, as a share of the delay, from 0 to 1 (0.2 adds up to 20%).</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of those bounds.</exception>
    public ListenerBackoff(TimeSpan min, TimeSpan max, double randomFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(min, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, min);
        if (!(randomFactor is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(randomFactor), randomFactor, "expected a share from 0 to 1");
        Min = min;
        Max = max;
        RandomFactor = randomFactor;
    }

    /// <summary>The first delay. <b>Default:</b> 200 ms.</summary>
    public TimeSpan Min { get; init; }

    /// <summary>The longest delay before the random stretch. <b>Default:</b> 10 s.</summary>
    public TimeSpan Max { get; init; }

    /// <summary>The largest random stretch, as a share of the delay (0.2 adds up to 20%). <b>Default:</b> 0.2.</summary>
    public double RandomFactor { get; init; }

    /// <summary>The reference defaults: 200 ms doubling to 10 s, stretched by up to 20%.</summary>
    public static ListenerBackoff Default { get; } = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), 0.2);

    /// <summary>The delay before accepting again after the <paramref name="restartsInARow"/>th restart in a row (from 1),
    /// for a <paramref name="random"/> draw in [0, 1).</summary>
    public TimeSpan Delay(int restartsInARow, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(restartsInARow, 1);
        // Past 2^30 doublings of any positive Min the cap has long been reached; the guard keeps Math.Pow finite.
        var doubled = Min.TotalMilliseconds * Math.Pow(2, Math.Min(restartsInARow - 1, 30));
        var capped = Math.Min(doubled, Max.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (1 + random * RandomFactor));
    }
}
