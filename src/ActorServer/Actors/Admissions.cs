namespace ActorServer.Actors;

/// <summary>
/// The request supervisor's count of requests in flight and its limits, as Ranch's connections supervisor keeps them:
/// the one place that knows how many run and how many may. It gives the listener admissions in small batches (so the
/// accept loop need not wait for a round trip per request) and never more than the room left under the limit; it holds
/// a request that arrives without room (one accepted on an admission given before a pause) until a request ends.
/// </summary>
internal sealed class Admissions
{
    /// <summary>The most admissions the listener holds at once; a new batch goes out once it holds half of one.</summary>
    public const int Batch = 16;

    private readonly Queue<AcceptedRequest> _held = new();
    private int _limit = 1;

    /// <summary>Admissions given to the listener and not yet used.</summary>
    private int _granted;

    /// <summary>Set when accept ran out of file descriptors with requests open: no more than this many at once until
    /// the descriptor reserve is back.</summary>
    private int? _ceiling;

    /// <summary>Where the count of held requests is published, for the server's status and metrics.</summary>
    private ServerStats? _stats;

    public int Active { get; private set; }

    /// <summary>The most requests that may run at once now.</summary>
    public int Capacity => Limit;

    private int Limit => _gated ? 0 : Math.Min(_limit, _ceiling ?? int.MaxValue);

    /// <summary>Set while the serving mode has nowhere to run a request (cluster mode without a reachable worker): no
    /// admission goes out and a request accepted on an earlier one is held, as at the limit.</summary>
    private bool _gated;

    /// <summary>A new run: its limit, whether its mode holds admissions back, and no admission out.</summary>
    public void BeginRun(int limit, ServerStats? stats = null, bool gated = false)
    {
        _gated = gated;
        _stats = stats;
        _limit = limit;
        _ceiling = null;
        _granted = 0;
    }

    /// <summary>The listener says it holds no admission (it starts, resumes after a pause, or gave them back at EMFILE).</summary>
    public void ListenerHoldsNone() => _granted = 0;

    /// <summary>The listener used one of its admissions: it handed a request over.</summary>
    public void Used() => _granted = Math.Max(0, _granted - 1);

    /// <summary>The run stops admitting (its drain began, or its listener stopped): the held requests are closed.</summary>
    public void StopAdmitting()
    {
        _granted = 0;
        AbortHeld();
    }

    /// <summary>How many admissions to give the listener now: none while it holds more than half a batch, else up to a
    /// batch, within the room under the limit.</summary>
    public int Grant()
    {
        if (_granted > Batch / 2)
            return 0;
        var count = Math.Min(Limit - Active - _held.Count - _granted, Batch - _granted);
        if (count <= 0)
            return 0;
        _granted += count;
        return count;
    }

    /// <summary>True when <paramref name="request"/> may start now; otherwise it is held until a request ends.</summary>
    public bool TryStart(AcceptedRequest request)
    {
        if (Active < Limit)
            return true;
        _held.Enqueue(request);
        PublishHeld();
        return false;
    }

    public void Started() => Active++;

    public void Ended() => Active--;

    /// <summary>The next held request that may start now, if any.</summary>
    public AcceptedRequest? NextHeld()
    {
        if (_held.Count == 0 || Active >= Limit)
            return null;
        var next = _held.Dequeue();
        PublishHeld();
        return next;
    }

    /// <summary>A new limit for the run (an operator's <c>SetMaxConnections</c>); true if it is lower than before, when
    /// the admissions the listener holds must come back.</summary>
    public bool ChangeLimit(int limit)
    {
        var lowered = limit < _limit;
        _limit = limit;
        if (lowered)
            _granted = 0;
        return lowered;
    }

    /// <summary>Holds admissions back (<paramref name="gated"/>) or lets them go again; true if that changed. Closing the
    /// gate voids the admissions the listener holds, which must come back.</summary>
    public bool Gate(bool gated)
    {
        if (_gated == gated)
            return false;
        _gated = gated;
        if (gated)
            _granted = 0;
        return true;
    }

    /// <summary>Closes the held requests: no one will serve them.</summary>
    public void AbortHeld()
    {
        while (_held.TryDequeue(out var request))
            request.Abort();
        PublishHeld();
    }

    private void PublishHeld() => _stats?.SetHeld(_held.Count);

    public void LowerCeiling() => _ceiling = Active;

    /// <summary>Lifts the ceiling once <paramref name="freed"/> requests have ended below it; true if it was lifted.</summary>
    public bool TryLiftCeiling(int freed)
    {
        if (_ceiling is not { } ceiling || Active > Math.Max(0, ceiling - freed))
            return false;
        _ceiling = null;
        return true;
    }
}
