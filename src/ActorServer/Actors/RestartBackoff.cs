namespace ActorServer.Actors;

/// <summary>
/// The guardian's count of listener restarts in a row and the back-off each earns (Akka's BackoffSupervisor rule, see
/// <see cref="ListenerBackoff"/>). The count starts over once the listener has accepted for <see cref="ListenerBackoff.Max"/>
/// after its last back-off without another restart.
/// </summary>
internal sealed class RestartBackoff(TimeProvider clock)
{
    private int _restartsInARow;

    /// <summary>When the last back-off ends (a <see cref="TimeProvider"/> timestamp); null before the first.</summary>
    private long? _resumesAt;

    public RestartBackoff() : this(TimeProvider.System)
    {
    }

    /// <summary>True from a back-off's start until it has elapsed: the listener is not accepting yet.</summary>
    public bool IsBackingOff => _resumesAt is { } resumes && clock.GetTimestamp() < resumes;

    /// <summary>Counts a restart and returns it with the delay before accepting again.</summary>
    public (int RestartsInARow, TimeSpan Delay) Next(ListenerBackoff backoff)
    {
        if (_resumesAt is { } resumes && clock.GetTimestamp() >= resumes && clock.GetElapsedTime(resumes) >= backoff.Max)
            _restartsInARow = 0;
        _restartsInARow++;
        var delay = backoff.Delay(_restartsInARow, Random.Shared.NextDouble());
        _resumesAt = clock.GetTimestamp() + (long)(delay.TotalSeconds * clock.TimestampFrequency);
        return (_restartsInARow, delay);
    }
}
