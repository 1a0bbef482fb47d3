using System.Diagnostics;

namespace ActorServer.Actors;

/// <summary>
/// What a listener must not forget when Akka restarts it: the serving run it owes a completion, where it was in that run,
/// and how many restarts in a row it has had (which sets its back-off). The guardian creates one per listener; each
/// incarnation saves into it before the restart and reads it back after.
/// </summary>
internal sealed class ListenerMemory(TimeProvider clock)
{
    private int _restartsInARow;
    private long? _resumedAt;

    public ListenerMemory() : this(TimeProvider.System)
    {
    }

    public ListenerPhase Phase { get; set; } = ListenerPhase.Idle;

    public ServingRun? Run { get; set; }

    public Exception? StopCause { get; set; }

    public bool AcceptedOne { get; set; }

    /// <summary>Numbers accepts: a new one for each serving run and each restart.</summary>
    public int Generation { get; set; }

    /// <summary>The generation the serving run started with: an accept of an earlier run is stale and closed, one of
    /// this run from before the restart is served.</summary>
    public int RunGeneration { get; set; }

    /// <summary>How many times an incarnation has asked the request supervisor for the count.</summary>
    public int CountAsked { get; set; }

    /// <summary>When the run started (a <see cref="Stopwatch"/> timestamp): a single-request run's timeout counts from it.</summary>
    public long RunStarted { get; set; }

    /// <summary>Counts a restart and returns it with the delay before accepting again.</summary>
    public (int RestartsInARow, TimeSpan Delay) NextRestart(ListenerBackoff backoff)
    {
        if (_resumedAt is { } resumed && clock.GetElapsedTime(resumed) >= backoff.Max)
            _restartsInARow = 0;
        _resumedAt = null;
        _restartsInARow++;
        return (_restartsInARow, backoff.Delay(_restartsInARow, Random.Shared.NextDouble()));
    }

    /// <summary>The listener accepts again: from now on, a quiet spell of <see cref="ListenerBackoff.Max"/> resets the count.</summary>
    public void Resumed() => _resumedAt = clock.GetTimestamp();
}

internal enum ListenerPhase
{
    Idle,
    Serving,
    Stopping,
}
