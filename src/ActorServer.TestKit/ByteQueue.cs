namespace ActorServer.Testing;

/// <summary>
/// One direction of an in-memory connection: bytes written by one side wait here until the other side reads them.
/// A capacity makes a slow reader push back on the writer, as a full socket buffer does; the writer ends the stream
/// with <see cref="Complete"/> (end of file) and either side breaks it with <see cref="Fault"/> (a reset).
/// </summary>
internal sealed class ByteQueue(int capacity)
{
    private readonly object _gate = new();
    private readonly Queue<byte> _bytes = new();
    private TaskCompletionSource _changed = NewSignal();
    private bool _completed;
    private Exception? _fault;

    public int Count
    {
        get
        {
            lock (_gate)
                return _bytes.Count;
        }
    }

    /// <summary>True once the writer has ended the stream and every byte has been read.</summary>
    public bool IsDrainedAndCompleted
    {
        get
        {
            lock (_gate)
                return _completed && _bytes.Count == 0;
        }
    }

    public async ValueTask<int> WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (TryWrite(data.Span, out var written))
                    return written;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public int Write(ReadOnlySpan<byte> data, TimeSpan? timeout)
    {
        var deadline = Deadline(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (TryWrite(data, out var written))
                    return written;
                changed = _changed.Task;
            }
            if (!changed.Wait(Remaining(deadline)))
                throw new PeerTimeoutException("write", timeout!.Value);
        }
    }

    /// <summary>Reads what is there, at most <paramref name="maxChunk"/> bytes; 0 at the end of the stream.</summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, int maxChunk, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (TryRead(buffer.Span, maxChunk, out var read))
                    return read;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public int Read(Span<byte> buffer, int maxChunk, TimeSpan? timeout)
    {
        var deadline = Deadline(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (TryRead(buffer, maxChunk, out var read))
                    return read;
                changed = _changed.Task;
            }
            if (!changed.Wait(Remaining(deadline)))
                throw new PeerTimeoutException("read", timeout!.Value);
        }
    }

    /// <summary>Completes when there is something to read, the stream has ended, or it broke (then it throws).</summary>
    public async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                ThrowIfFaulted();
                if (_bytes.Count > 0 || _completed)
                    return;
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The writer is done: the reader gets what is left, then end of stream.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Signal();
        }
    }

    /// <summary>Breaks the stream: every pending and later operation on either end throws <paramref name="fault"/>.</summary>
    public void Fault(Exception fault)
    {
        lock (_gate)
        {
            _fault ??= fault;
            _bytes.Clear();
            Signal();
        }
    }

    private bool TryWrite(ReadOnlySpan<byte> data, out int written)
    {
        ThrowIfFaulted();
        if (_completed)
            throw new InvalidOperationException("The stream was already ended by its writer.");
        written = Math.Min(data.Length, capacity - _bytes.Count);
        if (written <= 0 && !data.IsEmpty)
            return false;
        foreach (var b in data[..written])
            _bytes.Enqueue(b);
        Signal();
        return true;
    }

    private bool TryRead(Span<byte> buffer, int maxChunk, out int read)
    {
        ThrowIfFaulted();
        read = Math.Min(Math.Min(buffer.Length, maxChunk), _bytes.Count);
        if (read == 0 && !_completed && !buffer.IsEmpty)
            return false;
        for (var i = 0; i < read; i++)
            buffer[i] = _bytes.Dequeue();
        Signal();
        return true;
    }

    private void ThrowIfFaulted()
    {
        if (_fault is not null)
            throw _fault;
    }

    /// <summary>Wakes every waiter; each looks again under the lock.</summary>
    private void Signal()
    {
        var changed = _changed;
        _changed = NewSignal();
        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static DateTime? Deadline(TimeSpan? timeout) => timeout is null ? null : DateTime.UtcNow + timeout.Value;

    private static TimeSpan Remaining(DateTime? deadline) =>
        deadline is null ? System.Threading.Timeout.InfiniteTimeSpan : TimeSpan.FromTicks(Math.Max(0, (deadline.Value - DateTime.UtcNow).Ticks));
}
