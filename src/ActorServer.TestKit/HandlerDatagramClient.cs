using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Testing;

/// <summary>
/// A test client of a datagram handler (a <see cref="DatagramRequestHandler"/>, or a <see cref="BaseRequestHandler"/>
/// that reads <c>(DatagramRequest)Request</c>): each datagram the test sends is served by a new handler, one after the
/// other as on a synchronous server, over a real server socket it replies from; the test reads the reply datagrams.
/// </summary>
/// <remarks>
/// Datagrams need real sockets: the handler's <see cref="DatagramRequest.Socket"/> is the server's, and it may send with
/// it directly. The client is UDP on loopback, or a Unix datagram socket bound to a path or to none
/// (<see cref="HandlerDatagramClientOptions.Kind"/>). Replies are counted exactly: after each handler the kit sends the
/// client a marker of its own, so the client knows when it has every reply, without waiting on a clock.
/// When an expectation fails, its message ends with how each handler ended.
/// </remarks>
/// <example>
/// <code>
/// await using var client = HandlerDatagramClient.Connect&lt;MyUdpHandler&gt;();
/// await client.SendLineAsync("hello");
/// await client.ExpectRepliesAsync("HELLO");
/// </code>
/// </example>
public sealed partial class HandlerDatagramClient : IAsyncDisposable
{
    private readonly DatagramSockets _sockets;
    private readonly DatagramServing _serving;
    private readonly CancellationTokenSource _requestAborted = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _expectTimeout;
    private readonly Task _run;
    private readonly byte[] _received = new byte[65536];
    private int _sent;
    private int _servedSeen;

    private HandlerDatagramClient(Func<BaseRequestHandler> createHandler, Type handlerType, HandlerDatagramClientOptions options)
    {
        var handlers = new HandlerSource(createHandler);
        handlerType = handlers.HandlerType ?? handlerType;
        if (typeof(StreamRequestHandler).IsAssignableFrom(handlerType))
            throw new ArgumentException(
                $"{handlerType.Name} is a {nameof(StreamRequestHandler)}: it serves connections, not datagrams. Test it with " +
                $"{nameof(HandlerClient)}.{nameof(HandlerClient.Connect)} (Connect in a {nameof(HandlerTestKit)}).", nameof(handlerType));
        Kind = options.Kind;
        _expectTimeout = options.ExpectTimeout ?? Expectations.DefaultTimeout;
        _sockets = DatagramSockets.Open(options.Kind);
        ClientAddress = options.Kind == DatagramClientKind.UnixUnbound ? null : _sockets.Client.LocalEndPoint;
        _serving = new DatagramServing(_sockets, handlers, handlerType, options.Materializer, _requestAborted.Token);
        _run = Task.Run(() => _serving.RunAsync(_stop.Token));
    }

    /// <summary>Starts a test client whose datagrams are each served by a new handler from <paramref name="createHandler"/>.</summary>
    /// <exception cref="ArgumentException">The handler is a <see cref="StreamRequestHandler"/> (use <see cref="HandlerClient"/>).</exception>
    public static HandlerDatagramClient Connect(Func<BaseRequestHandler> createHandler, HandlerDatagramClientOptions? options = null) =>
        new(createHandler, typeof(BaseRequestHandler), options ?? new HandlerDatagramClientOptions());

    /// <summary>Starts a test client whose datagrams are each served by a new <typeparamref name="THandler"/>.</summary>
    /// <exception cref="ArgumentException">The handler is a <see cref="StreamRequestHandler"/> (use <see cref="HandlerClient"/>).</exception>
    public static HandlerDatagramClient Connect<THandler>(HandlerDatagramClientOptions? options = null)
        where THandler : BaseRequestHandler, new() =>
        new(static () => new THandler(), typeof(THandler), options ?? new HandlerDatagramClientOptions());

    /// <summary>The client's address as handlers see it; null for <see cref="DatagramClientKind.UnixUnbound"/>.</summary>
    public EndPoint? ClientAddress { get; }

    /// <summary>The server socket's address, where the datagrams go and replies come from.</summary>
    public EndPoint ServerAddress => _sockets.ServerAddress;

    /// <summary>The client's socket kind.</summary>
    public DatagramClientKind Kind { get; }

    /// <summary>Sends <paramref name="packet"/> as one datagram; a new handler serves it.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> packet)
    {
        _serving.Expect();
        _sent++;
        await _sockets.Client.SendToAsync(packet, SocketFlags.None, ServerAddress).ConfigureAwait(false);
    }

    /// <summary>Sends <paramref name="text"/> as UTF-8 in one datagram.</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Sends <paramref name="line"/> and a <c>\n</c> in one datagram.</summary>
    public Task SendLineAsync(string line) => SendAsync(line + "\n");

    /// <summary>Waits for the next reply datagram and returns its bytes.</summary>
    public async Task<byte[]> ExpectDatagramAsync(TimeSpan? timeout = null)
    {
        if (ClientAddress is null)
            return await FailUnansweredAsync<byte[]>("Expected a reply datagram").ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(timeout ?? _expectTimeout);
        return await NextReplyAsync(deadline.Token, "a reply datagram").ConfigureAwait(false)
            ?? Fail<byte[]>(_sent == 0
                ? "Expected a reply datagram, but no datagram was sent"
                : $"Expected a reply datagram, but the handlers of all {_sent} datagrams sent have finished without sending one more");
    }

    /// <summary>Waits for the next reply datagram and asserts that it is <paramref name="expected"/> in UTF-8.</summary>
    public async Task ExpectDatagramAsync(string expected, TimeSpan? timeout = null)
    {
        var reply = Encoding.UTF8.GetString(await ExpectDatagramAsync(timeout).ConfigureAwait(false));
        if (reply != expected)
            await FailSettledAsync<bool>($"Expected the reply datagram \"{expected}\", but got \"{reply}\"").ConfigureAwait(false);
    }

    /// <summary>Waits for the handlers of every datagram sent so far to finish, and returns the reply datagrams not read
    /// yet, in the order they arrived: all of them, and only them. None can reach an unbound client.</summary>
    public async Task<IReadOnlyList<byte[]>> ReceiveRepliesAsync(TimeSpan? timeout = null)
    {
        if (ClientAddress is null)
        {
            await OutcomesAsync(timeout).ConfigureAwait(false);
            return [];
        }
        var replies = new List<byte[]>();
        using var deadline = new CancellationTokenSource(timeout ?? _expectTimeout);
        while (await NextReplyAsync(deadline.Token, $"the handlers of all {_sent} datagrams sent to finish (got {replies.Count} replies so far)").ConfigureAwait(false) is { } reply)
            replies.Add(reply);
        return replies;
    }

    /// <summary>Waits for the handlers of every datagram sent so far to finish, and asserts that the reply datagrams not
    /// read yet are exactly <paramref name="expected"/> (UTF-8, in order): content and count.</summary>
    public async Task ExpectRepliesAsync(params string[] expected)
    {
        var replies = (await ReceiveRepliesAsync().ConfigureAwait(false)).Select(r => Encoding.UTF8.GetString(r)).ToArray();
        if (!replies.SequenceEqual(expected))
            Fail<bool>($"Expected {Replies(expected.Length)} {Quoted(expected)}, but got {replies.Length}: {Quoted(replies)}");
    }

    /// <summary>Waits for the handlers of every datagram sent so far to finish, and asserts that they sent no reply.</summary>
    public async Task ExpectNoReplyAsync(TimeSpan? timeout = null)
    {
        var replies = await ReceiveRepliesAsync(timeout).ConfigureAwait(false);
        if (replies.Count > 0)
            Fail<bool>($"Expected no reply datagram, but got {Replies(replies.Count)}: {Quoted([.. replies.Select(r => Encoding.UTF8.GetString(r))])}");
    }

    /// <summary>Stops serving, cancels a handler still running, and removes the sockets (and a Unix socket's folder).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_serving.Outcomes.Any(o => !o.IsCompleted))
                _requestAborted.Cancel();
            _stop.Cancel();
            await _run.WaitAsync(_expectTimeout).ConfigureAwait(false);
        }
        finally
        {
            _sockets.Dispose();
            _requestAborted.Dispose();
            _stop.Dispose();
        }
    }

    /// <summary>The next reply on the client socket; null once the marker of the last datagram sent has come (every
    /// handler has finished and all their replies are in).</summary>
    private async Task<byte[]?> NextReplyAsync(CancellationToken deadline, string waitingFor)
    {
        while (_servedSeen < _sent)
        {
            int received;
            try
            {
                received = await _sockets.Client.ReceiveAsync(_received, SocketFlags.None, deadline).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return Fail<byte[]?>($"Timed out waiting for {waitingFor}");
            }
            if (_serving.Marker.TryRead(_received.AsSpan(0, received), out var served))
                _servedSeen = served;
            else
                return _received[..received];
        }
        return null;
    }

    private static string Replies(int count) => count == 1 ? "1 reply datagram" : $"{count} reply datagrams";

    private static string Quoted(string[] texts) => $"[{string.Join(", ", texts.Select(t => $"\"{t}\""))}]";
}
