using System.Net.Sockets;
using ActorServer.Transport;
using Akka;
using Akka.Util;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorServer.Cluster.Worker;

/// <summary>
/// A worker's side of one remote request, as the handler sees it: the connection's bytes, which arrive from the front
/// node through one stream reference and leave through another. Reads pull the input stream (so a handler that stops
/// reading stops the front's socket reads, through the references' demand); writes are offered to the output stream and
/// wait while its buffer is full (a client that stops reading stops the handler's writes). A reset fails the output
/// (the front resets the client's connection) and cancels the input.
/// </summary>
internal sealed class StreamRefChannel : IDuplexChannel
{
    private readonly ISinkQueue<ByteString> _input;
    private readonly IKillSwitch _inputSwitch;
    private readonly ISourceQueueWithComplete<ByteString> _output;
    private ByteString _pending = ByteString.Empty;
    private bool _ended;
    private int _reset;

    private StreamRefChannel(ISinkQueue<ByteString> input, IKillSwitch inputSwitch, ISourceQueueWithComplete<ByteString> output)
    {
        _input = input;
        _inputSwitch = inputSwitch;
        _output = output;
    }

    /// <summary>Materializes the request's two streams: <paramref name="input"/> read by the handler, and the output, whose
    /// reference goes back to the front.</summary>
    public static (StreamRefChannel Channel, Task<ISourceRef<ByteString>> Output) Open(
        ISourceRef<ByteString> input, int buffer, IMaterializer materializer)
    {
        var refAttributes = StreamRefAttributes.CreateBufferCapacity(buffer);
        var (inputSwitch, inputQueue) = input.Source
            .WithAttributes(refAttributes)
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .ToMaterialized(Sink.Queue<ByteString>().WithAttributes(Attributes.CreateInputBuffer(1, 1)), Keep.Both)
            .Run(materializer);
        var (outputQueue, outputRef) = Source.Queue<ByteString>(buffer, OverflowStrategy.Backpressure)
            .ToMaterialized(StreamRefs.SourceRef<ByteString>().WithAttributes(refAttributes), Keep.Both)
            .Run(materializer);
        return (new StreamRefChannel(inputQueue, inputSwitch, outputQueue), outputRef);
    }

    /// <summary>Completes when the output stream is done (its last bytes taken by the front) or failed.</summary>
    public Task OutputDone => _output.WatchCompletionAsync();

    public async ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0 && !_ended)
            await FillAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_pending.Count == 0 && !_ended)
            await FillAsync(cancellationToken).ConfigureAwait(false);
        return Take(buffer.Span);
    }

    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (data.IsEmpty)
            return 0;
        var result = await _output.OfferAsync(ByteString.CopyFrom(data.ToArray()), cancellationToken).ConfigureAwait(false);
        return result switch
        {
            QueueOfferResult.Enqueued => data.Length,
            QueueOfferResult.Failure failure => throw new SocketException((int)SocketError.ConnectionReset) { Source = failure.Cause.Message },
            _ => throw new SocketException((int)SocketError.ConnectionReset),
        };
    }

    public int Receive(Span<byte> buffer, TimeSpan? timeout)
    {
        if (buffer.IsEmpty)
            return 0;
        if (_pending.Count == 0 && !_ended)
            Blocking(FillAsync, timeout, "read");
        return Take(buffer);
    }

    public int Send(ReadOnlySpan<byte> data, TimeSpan? timeout)
    {
        var copy = data.ToArray();
        return Blocking(token => SendAsync(copy, token).AsTask(), timeout, "write");
    }

    public void CompleteSending() => _output.Complete();

    public void Reset()
    {
        if (Interlocked.Exchange(ref _reset, 1) != 0)
            return;
        var reset = new SocketException((int)SocketError.ConnectionReset);
        _output.Fail(reset);
        _inputSwitch.Abort(reset);
    }

    /// <summary>Ends the request's streams after the handler: the output completes (the front closes the connection once its
    /// last bytes are sent) and the input, if the client is still sending, is cancelled.</summary>
    public void Close()
    {
        if (Volatile.Read(ref _reset) == 0)
            _output.Complete();
        _inputSwitch.Shutdown();
    }

    /// <summary>Fails the output with <paramref name="failure"/>: the front resets the connection and reports the handler's
    /// failure with <paramref name="failure"/>'s message.</summary>
    public void Fail(Exception failure)
    {
        if (Interlocked.Exchange(ref _reset, 1) != 0)
            return;
        _output.Fail(failure);
        _inputSwitch.Abort(failure);
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        Option<ByteString> next;
        try
        {
            next = await _input.PullAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not SocketException)
        {
            // The front went away, or reset the connection: to the handler, a reset.
            throw new SocketException((int)SocketError.ConnectionReset) { Source = e.Message };
        }
        if (next.HasValue)
            _pending = next.Value;
        else
            _ended = true;
    }

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _pending.Count);
        if (count == 0)
            return 0;
        _pending.ToReadOnlySpan()[..count].CopyTo(buffer);
        _pending = _pending.Slice(count);
        return count;
    }

    private static T Blocking<T>(Func<CancellationToken, Task<T>> operation, TimeSpan? timeout, string what)
    {
        using var deadline = timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
        try
        {
            return operation(deadline.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new PeerTimeoutException(what, timeout!.Value);
        }
    }

    private static void Blocking(Func<CancellationToken, Task> operation, TimeSpan? timeout, string what) =>
        Blocking(async token => { await operation(token).ConfigureAwait(false); return 0; }, timeout, what);
}
