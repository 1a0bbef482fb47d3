using System.Net.Sockets;
using System.Threading.Tasks.Sources;

namespace ActorServer.Transport;

/// <summary>
/// A socket's zero-byte receive as a plain <see cref="ValueTask"/>, one object per connection reused for every wait:
/// the socket's own awaitable is a <c>ValueTask&lt;int&gt;</c>, and turning it into a <see cref="ValueTask"/> with an
/// async method costs a box per wait that had to wait (the usual case on a busy connection). One wait at a time, as
/// reads are one at a time on a connection.
/// </summary>
internal sealed class ZeroByteWait : IValueTaskSource
{
    private readonly Action _onCompleted;
    private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = false };
    private ValueTask<int> _receive;

    public ZeroByteWait() => _onCompleted = OnReceiveCompleted;

    public ValueTask WaitAsync(Socket socket, CancellationToken cancellationToken)
    {
        var receive = socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
        if (receive.IsCompleted)
        {
            // Completed (or failed) at once: the result is read here and its failure thrown here, as an awaited one would be.
            _ = receive.GetAwaiter().GetResult();
            return ValueTask.CompletedTask;
        }
        _core.Reset();
        _receive = receive;
        receive.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(_onCompleted);
        return new ValueTask(this, _core.Version);
    }

    private void OnReceiveCompleted()
    {
        var receive = _receive;
        _receive = default;
        try
        {
            _ = receive.GetAwaiter().GetResult();
            _core.SetResult(true);
        }
        catch (Exception e)
        {
            _core.SetException(e);
        }
    }

    public void GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
