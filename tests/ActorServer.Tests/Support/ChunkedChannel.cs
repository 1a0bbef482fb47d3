using ActorServer.Transport;

namespace ActorServer.Tests.Support;

/// <summary>An in-memory channel that delivers its bytes in the given chunks: no receive ever spans two, as a socket's
/// reads may end anywhere.</summary>
internal sealed class ChunkedChannel(IEnumerable<byte[]> chunks) : IDuplexChannel
{
    private readonly Queue<byte[]> _chunks = new(chunks.Where(c => c.Length > 0));
    private int _offset;

    public ValueTask WaitForDataAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Receive(buffer.Span, null));

    public int Receive(Span<byte> buffer, TimeSpan? timeout)
    {
        if (_chunks.Count == 0 || buffer.IsEmpty)
            return 0;
        var chunk = _chunks.Peek();
        var n = Math.Min(buffer.Length, chunk.Length - _offset);
        chunk.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
        if (_offset == chunk.Length)
        {
            _chunks.Dequeue();
            _offset = 0;
        }
        return n;
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => throw new NotSupportedException("read-only channel");

    public int Send(ReadOnlySpan<byte> data, TimeSpan? timeout) => throw new NotSupportedException("read-only channel");
}
