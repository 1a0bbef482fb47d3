using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Actors;

namespace ActorServer.Testing;

/// <summary>
/// A test client connected to one stream handler instance: the handler runs Setup → Handle → Finish exactly as on a
/// server (the same pipeline, the same read and write buffers), and the test plays the client. A
/// <see cref="StreamRequestHandler"/> gets an in-memory connection; any other handler gets a real connected socket pair,
/// so that <c>(Socket)Request</c> works (see <see cref="HandlerClientOptions.Transport"/>).
/// </summary>
/// <remarks>
/// When an expectation fails, its message ends with how the handler ended: still running, completed, or the phase it
/// failed in with its whole exception.
/// </remarks>
/// <example>
/// <code>
/// await using var client = HandlerClient.Connect(() => new UpperCaseHandler());
/// await client.SendLineAsync("hello");
/// await client.ExpectLineAsync("HELLO");
/// await client.ExpectClosedAsync();
/// </code>
/// </example>
public sealed partial class HandlerClient : IAsyncDisposable
{
    private static readonly EndPoint InMemoryClientAddress = new IPEndPoint(IPAddress.Loopback, 50000);

    private readonly IStreamConnection _connection;
    private readonly CancellationTokenSource _requestAborted = new();
    private readonly TaskCompletionSource<HandlerOutcome> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _expectTimeout;
    private readonly Task _run;
    private readonly byte[] _received = new byte[4096];
    private int _receivedStart;
    private int _receivedEnd;

    private HandlerClient(Func<BaseRequestHandler> createHandler, Type handlerType, HandlerClientOptions options)
    {
        var handlers = new HandlerSource(createHandler);
        handlerType = handlers.HandlerType ?? handlerType;
        _connection = Open(handlerType, options);
        _expectTimeout = options.ExpectTimeout ?? Expectations.DefaultTimeout;
        ClientAddress = options.ClientAddress ?? _connection.PeerAddress ?? InMemoryClientAddress;
        var context = new RequestContext(_connection.Request, ClientAddress, Server: null, _connection.Channel, _requestAborted.Token, Materializer: options.Materializer);
        // On the thread pool, as a server runs it: a blocking Handle() must not block the test.
        _run = Task.Run(() => RunAsync(handlers, handlerType, context));
    }

    /// <summary>Connects a new handler from <paramref name="createHandler"/> to a test client and starts it.</summary>
    /// <exception cref="ArgumentException">The handler serves datagrams (use <see cref="HandlerDatagramClient"/>), or the
    /// options shape an in-memory connection while the transport is a socket pair.</exception>
    public static HandlerClient Connect(Func<BaseRequestHandler> createHandler, HandlerClientOptions? options = null) =>
        new(createHandler, typeof(BaseRequestHandler), options ?? new HandlerClientOptions());

    /// <summary>Connects a new <typeparamref name="THandler"/> to a test client and starts it.</summary>
    /// <exception cref="ArgumentException">The handler serves datagrams (use <see cref="HandlerDatagramClient"/>), or the
    /// options shape an in-memory connection while the transport is a socket pair.</exception>
    public static HandlerClient Connect<THandler>(HandlerClientOptions? options = null)
        where THandler : BaseRequestHandler, new() =>
        new(static () => new THandler(), typeof(THandler), options ?? new HandlerClientOptions());

    /// <summary>The client's address, as the handler sees it.</summary>
    public EndPoint ClientAddress { get; }

    /// <summary>The transport this client was given: from <see cref="HandlerClientOptions.Transport"/> or the handler's class.</summary>
    public StreamTransport Transport => _connection is SocketPairConnection ? StreamTransport.SocketPair : StreamTransport.InMemory;

    /// <summary>Completes when the handler has finished, however it ended; its side of the connection closes right after.</summary>
    public Task<HandlerOutcome> Completion => _outcome.Task;

    /// <summary>Sends <paramref name="data"/> to the handler.</summary>
    public Task SendAsync(ReadOnlyMemory<byte> data) => _connection.SendAsync(data).AsTask();

    /// <summary>Sends <paramref name="text"/> as UTF-8, as it is.</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends <paramref name="line"/> and a <c>\n</c>.</summary>
    public Task SendLineAsync(string line) => SendAsync(line + "\n");

    /// <summary>Half-closes: the handler reads end of file (its <c>ReadLineAsync</c> returns null), and can still write.</summary>
    public void CompleteSending() => _connection.CompleteSending();

    /// <summary>A client reset (RST): the handler's pending and later reads and writes fail with a connection reset.</summary>
    public void Reset() => _connection.Reset();

    /// <summary>What a server does to requests still running past its drain timeout: the handler's
    /// <c>CancellationToken</c> fires and its connection breaks.</summary>
    public void CancelRequest()
    {
        _requestAborted.Cancel();
        _connection.AbortRequest();
    }

    /// <summary>Waits for the next line from the handler and returns it without its <c>\n</c> (or <c>\r\n</c>).</summary>
    public async Task<string> ExpectLineAsync(TimeSpan? timeout = null)
    {
        var line = new List<byte>();
        using var deadline = new CancellationTokenSource(timeout ?? _expectTimeout);
        while (true)
        {
            var b = await ReadByteAsync(deadline.Token, () => $"a line (got \"{Text(line)}\" so far)").ConfigureAwait(false);
            if (b is null)
                return await FailAsync<string>($"Expected a line, but the handler closed the connection after \"{Text(line)}\"", connectionEnded: true).ConfigureAwait(false);
            if (b == (byte)'\n')
                return Text(line).TrimEnd('\r');
            line.Add(b.Value);
        }
    }

    /// <summary>Waits for the next line and asserts that it is <paramref name="expected"/>.</summary>
    public async Task ExpectLineAsync(string expected, TimeSpan? timeout = null)
    {
        var line = await ExpectLineAsync(timeout).ConfigureAwait(false);
        if (line != expected)
            await FailAsync<bool>($"Expected the line \"{expected}\", but the handler sent \"{line}\"", connectionEnded: false).ConfigureAwait(false);
    }

    /// <summary>Waits for exactly <paramref name="count"/> bytes from the handler.</summary>
    public async Task<byte[]> ExpectBytesAsync(int count, TimeSpan? timeout = null)
    {
        var bytes = new byte[count];
        using var deadline = new CancellationTokenSource(timeout ?? _expectTimeout);
        for (var i = 0; i < count; i++)
        {
            var got = i;
            bytes[i] = await ReadByteAsync(deadline.Token, () => $"{count} bytes (got {got})").ConfigureAwait(false)
                ?? await FailAsync<byte>($"Expected {count} bytes, but the handler closed the connection after {got}", connectionEnded: true).ConfigureAwait(false);
        }
        return bytes;
    }

    /// <summary>Reads everything the handler sends until it closes the connection.</summary>
    public async Task<string> ReadToEndAsync(TimeSpan? timeout = null)
    {
        var all = new List<byte>();
        using var deadline = new CancellationTokenSource(timeout ?? _expectTimeout);
        while (await ReadByteAsync(deadline.Token, () => $"the handler to close the connection (got \"{Text(all)}\" so far)").ConfigureAwait(false) is { } b)
            all.Add(b);
        return Text(all);
    }

    /// <summary>Asserts that the handler closes the connection with nothing more sent.</summary>
    public async Task ExpectClosedAsync(TimeSpan? timeout = null)
    {
        var rest = await ReadToEndAsync(timeout).ConfigureAwait(false);
        if (rest.Length > 0)
            await FailAsync<bool>($"Expected the handler to close the connection, but it sent \"{rest}\" first", connectionEnded: true).ConfigureAwait(false);
    }

    /// <summary>Asserts that nothing arrives from the handler within <paramref name="window"/>: a bounded negative check.</summary>
    public async Task ExpectNoReplyAsync(TimeSpan window)
    {
        var waiting = _receivedEnd - _receivedStart + _connection.Available;
        if (waiting == 0)
        {
            using var deadline = new CancellationTokenSource(window);
            try
            {
                await _connection.WaitForDataAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (IsBroken(e))
            {
                await FailAsync<bool>($"Expected no reply within {window.TotalMilliseconds:0} ms, but the connection broke ({Broken(e)})", connectionEnded: true).ConfigureAwait(false);
            }
            waiting = _connection.Available;
        }
        if (waiting > 0)
            await FailAsync<bool>($"Expected no reply within {window.TotalMilliseconds:0} ms, but the handler sent {waiting} bytes", connectionEnded: false).ConfigureAwait(false);
        else
            await FailAsync<bool>($"Expected no reply within {window.TotalMilliseconds:0} ms, but the handler closed the connection", connectionEnded: true).ConfigureAwait(false);
    }

    /// <summary>Breaks the connection if the handler is still running, and waits for it to end.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_run.IsCompleted)
                CancelRequest();
            await _run.WaitAsync(_expectTimeout).ConfigureAwait(false);
        }
        finally
        {
            _connection.Dispose();
            _requestAborted.Dispose();
        }
    }

    private async Task<byte?> ReadByteAsync(CancellationToken deadline, Func<string> waitingFor)
    {
        if (_receivedStart == _receivedEnd)
        {
            int received;
            try
            {
                received = await _connection.ReceiveAsync(_received, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return await FailAsync<byte?>($"Timed out waiting for {waitingFor()}", connectionEnded: false).ConfigureAwait(false);
            }
            catch (Exception e) when (IsBroken(e))
            {
                return await FailAsync<byte?>($"The connection broke ({Broken(e)}) while waiting for {waitingFor()}", connectionEnded: true).ConfigureAwait(false);
            }
            if (received == 0)
                return null;
            (_receivedStart, _receivedEnd) = (0, received);
        }
        return _received[_receivedStart++];
    }

    private async Task RunAsync(HandlerSource handlers, Type handlerType, RequestContext context)
    {
        try
        {
            var outcome = await RequestPipeline.RunAsync(handlers.Next, handlerType, context).ConfigureAwait(false);
            _outcome.TrySetResult(HandlerOutcome.From(outcome));
        }
        catch (Exception e)
        {
            _outcome.TrySetException(e);
        }
        finally
        {
            // shutdown_request, once the outcome is known: a test that sees the connection close can tell why.
            _connection.CloseRequest();
        }
    }

    private static bool IsBroken(Exception e) => e is SocketException or ObjectDisposedException;

    private static string Broken(Exception e) => e is SocketException s ? s.SocketErrorCode.ToString() : "the client's socket is closed, as after Reset()";

    private static string Text(List<byte> bytes) => Encoding.UTF8.GetString([.. bytes]);
}
