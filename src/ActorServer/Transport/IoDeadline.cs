namespace ActorServer.Transport;

/// <summary>
/// The cancellation for one socket operation under a handler's <c>Timeout</c>: Python's socket timeout.
/// Without a timeout it costs nothing; with one it links a timer to the caller's token for that one operation.
/// </summary>
internal readonly struct IoDeadline : IDisposable
{
    private readonly CancellationTokenSource? _timer;

    private IoDeadline(CancellationToken token, CancellationTokenSource? timer)
    {
        Token = token;
        _timer = timer;
    }

    public CancellationToken Token { get; }

    public static IoDeadline Start(TimeSpan? timeout, CancellationToken caller)
    {
        if (timeout is null)
            return new IoDeadline(caller, null);
        var timer = CancellationTokenSource.CreateLinkedTokenSource(caller);
        timer.CancelAfter(timeout.Value);
        return new IoDeadline(timer.Token, timer);
    }

    /// <summary>True when an operation was cancelled by this deadline's timer rather than by the caller.</summary>
    public bool Expired(CancellationToken caller) => _timer is { IsCancellationRequested: true } && !caller.IsCancellationRequested;

    public void Dispose() => _timer?.Dispose();
}
