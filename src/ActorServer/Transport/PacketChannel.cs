using System.Buffers;

namespace ActorServer.Transport;

/// <summary>
/// One datagram as an <see cref="IDuplexChannel"/>, so a datagram handler's <c>rfile</c> and <c>wfile</c> are the same
/// buffered reader and writer a stream handler has: reads take the packet's bytes, then end; writes collect into the
/// one reply (Python's <c>BytesIO</c> pair in <c>DatagramRequestHandler</c>). Nothing here waits or blocks.
/// </summary>
internal sealed class PacketChannel(ReadOnlyMemory<byte> packet) : IDuplexChannel, IDisposable
{
    private ReadOnlyMemory<byte> _unread = packet;
    private byte[]? _reply;
    private int _replyLength;

    /// <summary>What the handler has written so far.</summary>
    public ReadOnlyMemory<byte> Reply => _reply.AsMemory(0, _replyLength);

    public ValueTask WaitForDataAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Receive(buffer.Span, null));

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Send(data.Span, null));

    public int Receive(Span<byte> buffer, TimeSpan? timeout)
    {
        var n = Math.Min(buffer.Length, _unread.Length);
        _unread.Span[..n].CopyTo(buffer);
        _unread = _unread[n..];
        return n;
    }

    public int Send(ReadOnlySpan<byte> data, TimeSpan? timeout)
    {
        EnsureRoom(data.Length);
        data.CopyTo(_reply.AsSpan(_replyLength));
        _replyLength += data.Length;
        return data.Length;
    }

    private void EnsureRoom(int more)
    {
        var needed = _replyLength + more;
        if (_reply is not null && needed <= _reply.Length)
            return;
        var grown = ArrayPool<byte>.Shared.Rent(Math.Max(needed, (_reply?.Length ?? 256) * 2));
        if (_reply is not null)
        {
            _reply.AsSpan(0, _replyLength).CopyTo(grown);
            ArrayPool<byte>.Shared.Return(_reply);
        }
        _reply = grown;
    }

    public void Dispose()
    {
        if (_reply is not null)
            ArrayPool<byte>.Shared.Return(_reply);
        _reply = null;
        _replyLength = 0;
    }
}
