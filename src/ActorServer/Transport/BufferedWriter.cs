using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace ActorServer.Transport;

/// <summary>
/// The write side of a stream request (Python's <c>wfile</c>). With <c>wbufsize</c> 0 (the default, as in Python) every
/// write goes out at once, all of it (<c>sendall</c>); with a buffer, writes collect until it fills or is flushed.
/// Its async methods use pooled state machines, as <see cref="BufferedReader"/>'s do.
/// </summary>
internal sealed class BufferedWriter : IDisposable
{
    private readonly IDuplexChannel _channel;
    private readonly IoDeadline _deadline;
    private readonly int _bufferSize;
    private byte[]? _buffer;
    private int _count;

    /// <param name="bufferSize">Python's <c>wbufsize</c>: 0 for unbuffered, -1 for the default size, else the size in bytes.</param>
    public BufferedWriter(IDuplexChannel channel, int bufferSize, TimeSpan? timeout)
    {
        _channel = channel;
        _bufferSize = bufferSize < 0 ? BufferedReader.DefaultBufferSize : bufferSize;
        _deadline = new IoDeadline(timeout);
    }

    /// <summary>The idle timeout of each write; changed by the handler's <c>Timeout</c>, it applies from the next write.</summary>
    public TimeSpan? Timeout
    {
        get => _deadline.Timeout;
        set => _deadline.Timeout = value;
    }

    public long BytesWritten { get; private set; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_bufferSize == 0)
        {
            await SendAllAsync(data, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (_count + data.Length > _bufferSize)
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        if (data.Length >= _bufferSize)
            await SendAllAsync(data, cancellationToken).ConfigureAwait(false);
        else
            Append(data.Span);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask WriteAsync(string text, CancellationToken cancellationToken)
    {
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, rented);
            await WriteAsync(rented.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        if (_bufferSize == 0)
        {
            SendAll(data);
            return;
        }
        if (_count + data.Length > _bufferSize)
            Flush();
        if (data.Length >= _bufferSize)
            SendAll(data);
        else
            Append(data);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_count == 0)
            return;
        var count = _count;
        _count = 0;
        await SendAllAsync(_buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
        ReleaseBuffer();
    }

    public void Flush()
    {
        if (_count == 0)
            return;
        var count = _count;
        _count = 0;
        SendAll(_buffer.AsSpan(0, count));
        ReleaseBuffer();
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent(_bufferSize);
        data.CopyTo(_buffer.AsSpan(_count));
        _count += data.Length;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var token = _deadline.Start(cancellationToken);
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await _channel.SendAsync(data, token).ConfigureAwait(false);
                data = data[sent..];
                BytesWritten += sent;
            }
        }
        catch (OperationCanceledException) when (_deadline.Expired(cancellationToken))
        {
            throw new PeerTimeoutException("write", _deadline.Armed);
        }
        finally
        {
            _deadline.Stop();
        }
    }

    private void SendAll(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var sent = _channel.Send(data, Timeout);
            data = data[sent..];
            BytesWritten += sent;
        }
    }

    private void ReleaseBuffer()
    {
        if (_buffer is not null && _count == 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    public void Dispose()
    {
        _count = 0;
        ReleaseBuffer();
        _deadline.Dispose();
    }
}
