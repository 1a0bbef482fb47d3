using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;

namespace ActorServer.Transport;

/// <summary>
/// The read side of a stream request (Python's <c>rfile</c>): buffered byte and line reads over an <see cref="IDuplexChannel"/>.
/// The buffer is rented only while it holds data and returned when drained, and an empty reader waits for data with a
/// zero-byte read first, so an idle connection holds no buffer at all.
/// </summary>
/// <remarks>
/// Its async methods use pooled state machines: they run once per message on the hot path, and each await that
/// does not complete at once would otherwise allocate a box (about 400 bytes per echoed message, three levels deep).
/// </remarks>
internal sealed class BufferedReader : IDisposable
{
    /// <summary>Python's <c>io.DEFAULT_BUFFER_SIZE</c>, used when <c>rbufsize</c> is -1.</summary>
    public const int DefaultBufferSize = 8192;

    private readonly IDuplexChannel _channel;
    private readonly IoDeadline _deadline;
    private readonly int _bufferSize;
    private byte[]? _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;

    /// <param name="bufferSize">Python's <c>rbufsize</c>: -1 for the default size, 0 for unbuffered reads, else the size in bytes.</param>
    public BufferedReader(IDuplexChannel channel, int bufferSize, TimeSpan? timeout, int maxLineLength)
    {
        _channel = channel;
        _bufferSize = bufferSize < 0 ? DefaultBufferSize : bufferSize;
        _deadline = new IoDeadline(timeout);
        MaxLineLength = maxLineLength;
    }

    /// <summary>The idle timeout of each read; changed by the handler's <c>Timeout</c>, it applies from the next read.</summary>
    public TimeSpan? Timeout
    {
        get => _deadline.Timeout;
        set => _deadline.Timeout = value;
    }

    public int MaxLineLength { get; }

    private int Buffered => _end - _start;

    /// <summary>Not an async method itself: a read that waits is the awaited method's own (the direct receive's, or the
    /// fill's), so its pooled box is rented and returned on the handler's threads. Awaited in here, the inner box went
    /// back to the pool on the socket's thread, and the handler's thread had to allocate a new one per message.</summary>
    public ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
            return new ValueTask<int>(0);
        if (Buffered > 0)
            return new ValueTask<int>(TakeBuffered(destination.Span));
        if (_endOfStream)
            return new ValueTask<int>(0);
        return ReadsDirect(destination.Length) ? ReceiveDirectAsync(destination, cancellationToken) : FillAndTakeAsync(destination, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> FillAndTakeAsync(Memory<byte> destination, CancellationToken cancellationToken) =>
        await FillAsync(cancellationToken).ConfigureAwait(false) ? TakeBuffered(destination.Span) : 0;

    /// <summary>Whether a read into an empty buffer goes straight into the caller's memory: unbuffered, or a destination of
    /// half the buffer or more. Buffering that would save at most every other system call, and would cost a rented buffer,
    /// a zero-byte wait and a copy each time (the echo benchmark's 4 KiB reads); the caller's memory is held anyway.</summary>
    private bool ReadsDirect(int length) => _bufferSize == 0 || length >= _bufferSize / 2;

    public int Read(Span<byte> destination)
    {
        if (destination.IsEmpty)
            return 0;
        if (Buffered > 0)
            return TakeBuffered(destination);
        if (_endOfStream)
            return 0;
        if (ReadsDirect(destination.Length))
            return MarkEnd(_channel.Receive(destination, Timeout));
        return Fill() ? TakeBuffered(destination) : 0;
    }

    /// <summary>Fills <paramref name="destination"/> completely, or throws <see cref="EndOfStreamException"/> if the client closes first.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < destination.Length)
        {
            var n = await ReadAsync(destination[total..], cancellationToken).ConfigureAwait(false);
            if (n == 0)
                throw new EndOfStreamException($"client closed the connection after {total} of {destination.Length} bytes");
            total += n;
        }
    }

    /// <summary>The next line without its <c>\n</c> or <c>\r\n</c>; at end of stream the unterminated rest, or null if there is none.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            if (TryTakeLine(ref scanned, out var line))
                return line;
            if (!await FillAsync(cancellationToken).ConfigureAwait(false))
                return TakeRest();
        }
    }

    /// <inheritdoc cref="ReadLineAsync"/>
    public string? ReadLine()
    {
        var scanned = 0;
        while (true)
        {
            if (TryTakeLine(ref scanned, out var line))
                return line;
            if (!Fill())
                return TakeRest();
        }
    }

    private bool TryTakeLine(ref int scanned, out string? line)
    {
        line = null;
        if (Buffered == 0)
            return false;
        var window = _buffer.AsSpan(_start + scanned, Buffered - scanned);
        var newline = window.IndexOf((byte)'\n');
        if (newline < 0)
        {
            scanned = Buffered;
            if (scanned > MaxLineLength)
                throw new LineTooLongException(MaxLineLength);
            return false;
        }
        var length = scanned + newline;
        if (length > MaxLineLength)
            throw new LineTooLongException(MaxLineLength);
        var content = _buffer.AsSpan(_start, length);
        if (content.Length > 0 && content[^1] == (byte)'\r')
            content = content[..^1];
        line = Encoding.UTF8.GetString(content);
        Consume(length + 1);
        return true;
    }

    private string? TakeRest()
    {
        if (Buffered == 0)
            return null;
        var line = Encoding.UTF8.GetString(_buffer.AsSpan(_start, Buffered));
        Consume(Buffered);
        return line;
    }

    private int TakeBuffered(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, Buffered);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        Consume(n);
        return n;
    }

    private void Consume(int count)
    {
        _start += count;
        if (_start == _end)
            ReleaseBuffer();
    }

    /// <summary>Reads more into the buffer; false at end of stream.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        if (_endOfStream)
            return false;
        var token = _deadline.Start(cancellationToken);
        try
        {
            if (_buffer is null)
                await _channel.WaitForDataAsync(token).ConfigureAwait(false);
            var free = PrepareSpace();
            var n = await _channel.ReceiveAsync(_buffer.AsMemory(_end, free), token).ConfigureAwait(false);
            return Filled(n);
        }
        catch (OperationCanceledException) when (_deadline.Expired(cancellationToken))
        {
            throw new PeerTimeoutException("read", _deadline.Armed);
        }
        finally
        {
            _deadline.Stop();
        }
    }

    private bool Fill()
    {
        if (_endOfStream)
            return false;
        var free = PrepareSpace();
        return Filled(_channel.Receive(_buffer.AsSpan(_end, free), Timeout));
    }

    private bool Filled(int received)
    {
        if (received == 0)
        {
            _endOfStream = true;
            if (Buffered == 0)
                ReleaseBuffer();
            return false;
        }
        _end += received;
        return true;
    }

    private int MarkEnd(int received)
    {
        if (received == 0)
            _endOfStream = true;
        return received;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveDirectAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var token = _deadline.Start(cancellationToken);
        try
        {
            return MarkEnd(await _channel.ReceiveAsync(destination, token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (_deadline.Expired(cancellationToken))
        {
            throw new PeerTimeoutException("read", _deadline.Armed);
        }
        finally
        {
            _deadline.Stop();
        }
    }

    /// <summary>Makes room after <c>_end</c> (renting, compacting or growing up to one line's limit) and returns its size.</summary>
    private int PrepareSpace()
    {
        var size = Math.Max(_bufferSize, 1);
        if (_buffer is null)
        {
            _buffer = ArrayPool<byte>.Shared.Rent(size);
            _start = _end = 0;
        }
        else if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, Buffered).CopyTo(_buffer);
                _end = Buffered;
                _start = 0;
            }
            else
            {
                // A line longer than the buffer: grow, but never past what one line may hold.
                var grown = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxLineLength + 2));
                if (grown.Length <= _buffer.Length)
                {
                    ArrayPool<byte>.Shared.Return(grown);
                    throw new LineTooLongException(MaxLineLength);
                }
                _buffer.AsSpan(0, _end).CopyTo(grown);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = grown;
            }
        }
        return _buffer.Length - _end;
    }

    private void ReleaseBuffer()
    {
        if (_buffer is not null)
            ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
        _start = _end = 0;
    }

    public void Dispose()
    {
        ReleaseBuffer();
        _deadline.Dispose();
    }
}
