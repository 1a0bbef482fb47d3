namespace ActorServer.Actors;

/// <summary>
/// The request supervisor's count of requests in flight and its limits, as Ranch's connections supervisor keeps them:
/// the one place that knows how many run and how many may. It gives the listener one admission at a time, and holds
/// a request that arrives without room (one accepted across a listener restart) until a request ends.
/// </summary>
internal sealed class Admissions
{
    private readonly Queue<AcceptedRequest> _held = new();
    private int _limit = 1;

    /// <summary>Set when accept ran out of file descriptors with requests open: no more than this many at once until
    /// the descriptor reserve is back.</summary>
    private int? _ceiling;

    public int Active { get; private set; }

    /// <summary>True while the listener waits for an admission (it holds none).</summary>
    public bool ListenerWaiting { get; private set; }

    public int? Ceiling => _ceiling;

    private int Limit => Math.Min(_limit, _ceiling ?? int.MaxValue);

    /// <summary>A new run: its limit, and no admission out.</summary>
    public void BeginRun(int limit)
    {
        _limit = limit;
        _ceiling = null;
        ListenerWaiting = false;
    }

    public void ListenerWants() => ListenerWaiting = true;

    /// <summary>The run stops admitting (its drain began, or its listener stopped): no admission is owed any more.</summary>
    public void StopAdmitting()
    {
        ListenerWaiting = false;
        AbortHeld();
    }

    /// <summary>True when the waiting listener may accept one more: the admission is then given.</summary>
    public bool TryAdmit()
    {
        if (!ListenerWaiting || Active + _held.Count >= Limit)
            return false;
        ListenerWaiting = false;
        return true;
    }

    /// <summary>True when <paramref name="request"/> may start now; otherwise it is held until a request ends.</summary>
    public bool TryStart(AcceptedRequest request)
    {
        if (Active < Limit)
            return true;
        _held.Enqueue(request);
        return false;
    }

    public void Started() => Active++;

    public void Ended() => Active--;

    /// <summary>The next held request that may start now, if any.</summary>
    public AcceptedRequest? NextHeld() => _held.Count > 0 && Active < Limit ? _held.Dequeue() : null;

    /// <summary>Closes the held requests: no one will serve them.</summary>
    public void AbortHeld()
    {
        while (_held.TryDequeue(out var request))
            request.Abort();
    }

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
