using System.Threading.Tasks.Sources;

namespace ActorServer.Transport;

/// <summary>
/// A socket receive or send that did not complete at once, counted into its channel's total when it does: one object
/// per channel and direction, reused for every operation that has to wait (as <see cref="ZeroByteWait"/> is). An async
/// method in its place rented a pooled box on the handler's thread and returned it on the socket's, so the pool rarely
/// had one to give back: a box allocated per message that waited. One operation at a time per direction, as on a socket.
/// </summary>
internal sealed class CountedSocketOperation : IValueTaskSource<int>
{
    private readonly Action _onCompleted;
    private readonly Action<int> _count;
    private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = false };
    private ValueTask<int> _pending;

    /// <param name="count">Adds a completed operation's bytes to the channel's total.</param>
    public CountedSocketOperation(Action<int> count)
    {
        _count = count;
        _onCompleted = OnPendingCompleted;
    }

    /// <summary>Stands for <paramref name="pending"/>, which has not completed, until it completes.</summary>
    public ValueTask<int> Wrap(ValueTask<int> pending)
    {
        _core.Reset();
        _pending = pending;
        pending.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onCompleted);
        return new ValueTask<int>(this, _core.Version);
    }

    private void OnPendingCompleted()
    {
        var pending = _pending;
        _pending = default;
        int n;
        try
        {
            n = pending.GetAwaiter().GetResult();
        }
        catch (Exception e)
        {
            _core.SetException(e);
            return;
        }
        _count(n);
        _core.SetResult(n);
    }

    public int GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
