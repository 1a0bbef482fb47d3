using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Actors;

namespace ActorServer.Testing;

/// <summary>
/// An in-memory client connected to one handler instance, with no socket: the handler runs Setup → Handle → Finish
/// exactly as on a server (the same pipeline, the same read and write buffers), and the test plays the client.
/// </summary>
/// <example>
/// <code>
/// await using var client = HandlerClient.Connect(() => new UpperCaseHandler());
/// await client.SendLineAsync("hello");
/// await client.ExpectLineAsync("HELLO");
/// await client.ExpectClosedAsync();
/// </code>
/// </example>
public sealed class HandlerClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultExpectTimeout = TimeSpan.FromSeconds(3);

    private readonly ByteQueue _toHandler = new(int.MaxValue);
    private readonly ByteQueue _fromHandler;
    private readonly CancellationTokenSource _requestAborted = new();
    private readonly TimeSpan _expectTimeout;
    private readonly Task<HandlerOutcome> _completion;

    private HandlerClient(Func<BaseRequestHandler> createHandler, Type handlerType, HandlerClientOptions options)
    {
        _fromHandler = new ByteQueue(options.ReceiveWindow);
        _expectTimeout = options.ExpectTimeout ?? DefaultExpectTimeout;
        ClientAddress = options.ClientAddress;
        var channel = new InMemoryChannel(_toHandler, _fromHandler, options.MaxChunk);
        var context = new RequestContext(channel, ClientAddress, Server: null, channel, _requestAborted.Token, Materializer: options.Materializer);
        // On the thread pool, as a server runs it: a blocking Handle() must not block the test.
        _completion = Task.Run(() => RunAsync(createHandler, handlerType, context));
    }

    /// <summary>Connects a new handler from <paramref name="createHandler"/> to an in-memory client and starts it.</summary>
    public static HandlerClient Connect(Func<BaseRequestHandler> createHandler, HandlerClientOptions? options = null) =>
        new(createHandler, typeof(BaseRequestHandler), options ?? new HandlerClientOptions());

    /// <summary>Connects a new <typeparamref name="THandler"/> to an in-memory client and starts it.</summary>
    public static HandlerClient Connect<THandler>(HandlerClientOptions? options = null)
        where THandler : BaseRequestHandler, new() =>
        new(static () => new THandler(), typeof(THandler), options ?? new HandlerClientOptions());

    /// <summary>The client's address, as the handler sees it.</summary>
    public EndPoint ClientAddress { get; }

    /// <summary>Completes when the handler has finished (and its side of the connection is closed), however it ended.</summary>
    public Task<HandlerOutcome> Completion => _completion;

    /// <summary>Sends <paramref name="data"/> to the handler.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
            data = data[await _toHandler.WriteAsync(data, CancellationToken.None).ConfigureAwait(false)..];
    }

    /// <summary>Sends <paramref name="text"/> as UTF-8, as it is.</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends <paramref name="line"/> and a <c>\n</c>.</summary>
    public Task SendLineAsync(string line) => SendAsync(line + "\n");

    /// <summary>Half-closes: the handler reads end of file (its <c>ReadLineAsync</c> returns null), and can still write.</summary>
    public void CompleteSending() => _toHandler.Complete();

    /// <summary>A client reset (RST): the handler's pending and later reads and writes fail with a connection reset.</summary>
    public void Reset()
    {
        var reset = new SocketException((int)SocketError.ConnectionReset);
        _toHandler.Fault(reset);
        _fromHandler.Fault(reset);
    }

    /// <summary>What a server does to requests still running past its drain timeout: the handler's
    /// <c>CancellationToken</c> fires and its connection breaks.</summary>
    public void CancelRequest()
    {
        _requestAborted.Cancel();
        var aborted = new SocketException((int)SocketError.OperationAborted);
        _toHandler.Fault(aborted);
        _fromHandler.Fault(aborted);
    }

    /// <summary>Waits for the next line from the handler and returns it without its <c>\n</c> (or <c>\r\n</c>).</summary>
    public async Task<string> ExpectLineAsync(TimeSpan? timeout = null)
    {
        var line = new List<byte>();
        using var deadline = new CancellationTokenSource(timeout ?? _expectTimeout);
        while (true)
        {
            var b = await ReadByteAsync(deadline.Token, $"a line (got \"{Encoding.UTF8.GetString([.. line])}\" so far)").ConfigureAwait(false);
            if (b is null)
                return Fail<string>($"Expected a line, but the handler closed the connection after \"{Encoding.UTF8.GetString([.. line])}\"");
            if (b == (byte)'\n')
                return Encoding.UTF8.GetString([.. line]).TrimEnd('\r');
            line.Add(b.Value);
        }
    }

    /// <summary>Waits for the next line and asserts that it is <paramref name="expected"/>.</summary>
    public async Task ExpectLineAsync(string expected, TimeSpan? timeout = null) =>
        Xunit.Assert.Equal(expected, await ExpectLineAsync(timeout).ConfigureAwait(false));

    /// <summary>Waits for exactly <paramref name="count"/> bytes from the handler.</summary>
    public async Task<byte[]> ExpectBytesAsync(int count, TimeSpan? timeout = null)
    {
        var bytes = new byte[count];
        using var deadline = new CancellationTokenSource(timeout ?? _expectTimeout);
        for (var i = 0; i < count; i++)
            bytes[i] = await ReadByteAsync(deadline.Token, $"{count} bytes (got {i})").ConfigureAwait(false)
                ?? Fail<byte>($"Expected {count} bytes, but the handler closed the connection after {i}");
        return bytes;
    }

    /// <summary>Reads everything the handler sends until it closes the connection.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var all = new List<byte>();
        using var deadline = new CancellationTokenSource(timeout ?? _expectTimeout);
        while (await ReadByteAsync(deadline.Token, "the handler to close the connection").ConfigureAwait(false) is { } b)
            all.Add(b);
        return Encoding.UTF8.GetString([.. all]);
    }

    /// <summary>Asserts that the handler closes the connection with nothing more sent.</summary>
    public async Task ExpectClosedAsync(TimeSpan? timeout = null)
    {
        var rest = await ReadToEndAsync(timeout).ConfigureAwait(false);
        if (rest.Length > 0)
            Fail<bool>($"Expected the handler to close the connection, but it sent \"{rest}\" first");
    }

    /// <summary>Asserts that nothing arrives from the handler within <paramref name="window"/>: a bounded negative check.</summary>
    public async Task ExpectNoReplyAsync(TimeSpan window)
    {
        using var deadline = new CancellationTokenSource(window);
        try
        {
            await _fromHandler.WaitForDataAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        if (_fromHandler.Count > 0)
            Fail<bool>($"Expected no reply within {window.TotalMilliseconds:0} ms, but the handler sent {_fromHandler.Count} bytes");
        else
            Fail<bool>($"Expected no reply within {window.TotalMilliseconds:0} ms, but the handler closed the connection");
    }

    /// <summary>Waits for the handler to finish and asserts that Setup, Handle and Finish all completed.</summary>
    public async Task<HandlerOutcome> ExpectCompletedAsync(TimeSpan? timeout = null)
    {
        var outcome = await Outcome(timeout).ConfigureAwait(false);
        if (outcome.Failure is { } failure)
            Fail<bool>($"Expected the handler to complete, but it failed in {failure.Phase}: {failure.InnerException}");
        return outcome;
    }

    /// <summary>Waits for the handler to fail and asserts that its exception is a <typeparamref name="TException"/>; returns it.</summary>
    public async Task<TException> ExpectFailureAsync<TException>(TimeSpan? timeout = null) where TException : Exception
    {
        var outcome = await Outcome(timeout).ConfigureAwait(false);
        return outcome.Failure?.InnerException switch
        {
            TException expected => expected,
            null => Fail<TException>($"Expected the handler to fail with {typeof(TException).Name}, but it completed"),
            var other => Fail<TException>($"Expected the handler to fail with {typeof(TException).Name}, but it failed with {other}"),
        };
    }

    /// <summary>Breaks the connection if the handler is still running, and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_completion.IsCompleted)
            CancelRequest();
        await _completion.WaitAsync(_expectTimeout).ConfigureAwait(false);
        _requestAborted.Dispose();
    }

    private async Task<HandlerOutcome> Outcome(TimeSpan? timeout)
    {
        try
        {
            return await _completion.WaitAsync(timeout ?? _expectTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return Fail<HandlerOutcome>($"The handler did not finish within {(timeout ?? _expectTimeout).TotalMilliseconds:0} ms");
        }
    }

    private async Task<byte?> ReadByteAsync(CancellationToken deadline, string waitingFor)
    {
        var one = new byte[1];
        try
        {
            return await _fromHandler.ReadAsync(one, 1, deadline).ConfigureAwait(false) == 0 ? null : one[0];
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return Fail<byte?>($"Timed out waiting for {waitingFor}");
        }
    }

    private async Task<HandlerOutcome> RunAsync(Func<BaseRequestHandler> createHandler, Type handlerType, RequestContext context)
    {
        try
        {
            var outcome = await RequestPipeline.RunAsync(createHandler, handlerType, context).ConfigureAwait(false);
            return new HandlerOutcome(outcome.Failure, ClientFault.Is(outcome.Failure?.InnerException), outcome.Cancelled);
        }
        finally
        {
            // shutdown_request: the client reads what was sent, then end of file.
            _fromHandler.Complete();
        }
    }

    private static T Fail<T>(string message)
    {
        Xunit.Assert.Fail(message);
        return default!;
    }
}
