namespace ActorServer.Transport;

/// <summary>
/// The cancellation of each socket operation under a handler's <c>Timeout</c>: Python's socket timeout. Without a
/// timeout it costs nothing. With one, a single timer linked to the caller's token serves every operation of its reader
/// or writer, reset after each one, rather than a new linked source per read or write (that cost 465 bytes more per echoed
/// message in the pingpong benchmark).
/// </summary>
internal sealed class IoDeadline(TimeSpan? timeout) : IDisposable
{
    private CancellationTokenSource? _timer;
    private CancellationToken _linkedTo;

    /// <summary>The limit of each operation from the next one on; a handler may change it between operations.</summary>
    public TimeSpan? Timeout { get; set; } = timeout;

    /// <summary>The limit the last operation started with: what its timeout error reports, whatever was set since.</summary>
    public TimeSpan Armed { get; private set; }

    /// <summary>Starts the clock for one operation and returns the token to give it: the caller's own without a timeout.</summary>
    public CancellationToken Start(CancellationToken caller)
    {
        if (Timeout is not { } limit)
            return caller;
        // A timer that fired cannot be reset, and one linked to another caller's token would miss its cancellation.
        if (_timer is null || _linkedTo != caller || !_timer.TryReset())
        {
            _timer?.Dispose();
            _timer = CancellationTokenSource.CreateLinkedTokenSource(caller);
            _linkedTo = caller;
        }
        Armed = limit;
        _timer.CancelAfter(limit);
        return _timer.Token;
    }

    /// <summary>Stops the clock once the operation has ended, so that it cannot fire while the handler works between operations.</summary>
    public void Stop()
    {
        try
        {
            _timer?.TryReset();
        }
        catch (ObjectDisposedException)
        {
            // The reader or writer was disposed while an operation was still running (the request was abandoned).
        }
    }

    /// <summary>True when an operation was cancelled by this deadline's timer rather than by the caller.</summary>
    public bool Expired(CancellationToken caller) => _timer is { IsCancellationRequested: true } && !caller.IsCancellationRequested;

    public void Dispose()
    {
        _timer?.Dispose();
        _timer = null;
    }
}
