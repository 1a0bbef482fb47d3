using System.Net.Sockets;
using ActorServer.Transport;

namespace ActorServer;

/// <summary>
/// A handler for stream requests with file-like reads and writes: Python's <c>socketserver.StreamRequestHandler</c>.
/// Read with <see cref="ReadLineAsync"/>, <see cref="ReadAsync"/> and <see cref="ReadExactlyAsync(int, CancellationToken)"/>
/// (or the blocking <see cref="Rfile"/>), write with <see cref="WriteAsync(string, CancellationToken)"/> (or <see cref="Wfile"/>).
/// </summary>
/// <remarks>
/// The knobs (<see cref="RbufSize"/>, <see cref="WbufSize"/>, <see cref="Timeout"/>, <see cref="DisableNagleAlgorithm"/>,
/// <see cref="MaxLineLength"/>) are Python's class attributes: set them in the handler's constructor. They are read once,
/// before <c>Setup</c>. Whatever <c>Setup</c> and <c>Finish</c> do, buffered writes are flushed after <c>Finish</c>.
/// </remarks>
public abstract class StreamRequestHandler : BaseRequestHandler
{
    private BufferedReader? _reader;
    private BufferedWriter? _writer;
    private Stream? _rfile;
    private Stream? _wfile;

    /// <summary>Python's <c>rbufsize</c>: the read buffer size; -1 for the default (8192), 0 for unbuffered. <b>Default:</b> -1.</summary>
    public int RbufSize { get; set; } = -1;

    /// <summary>Python's <c>wbufsize</c>: 0 sends every write at once; otherwise writes collect in a buffer of this size
    /// (-1: 8192) until it fills, <see cref="FlushAsync"/> is called, or the request finishes. <b>Default:</b> 0.</summary>
    public int WbufSize { get; set; }

    /// <summary>Python's <c>timeout</c>: a read or write that waits longer fails with <see cref="PeerTimeoutException"/>,
    /// so a silent client cannot hold its request forever. <b>Default:</b> null (no timeout).</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Python's <c>disable_nagle_algorithm</c>: sets TCP_NODELAY on the connection. <b>Default:</b> false.</summary>
    public bool DisableNagleAlgorithm { get; set; }

    /// <summary>The longest line <see cref="ReadLineAsync"/> accepts, in bytes, before it throws <see cref="LineTooLongException"/>.
    /// <b>Default:</b> 65536.</summary>
    public int MaxLineLength { get; set; } = 65536;

    /// <summary>Python's <c>self.connection</c>: the connected socket.</summary>
    public Socket Connection =>
        Request as Socket ?? throw new InvalidOperationException("This request has no socket (it runs under a test harness).");

    /// <summary>Python's <c>rfile</c>: a readable stream of the request's bytes.</summary>
    public Stream Rfile => _rfile ??= new ReaderStream(Reader);

    /// <summary>Python's <c>wfile</c>: a writable stream to the client.</summary>
    public Stream Wfile => _wfile ??= new WriterStream(Writer);

    private BufferedReader Reader => _reader ?? throw NotStarted();

    private BufferedWriter Writer => _writer ?? throw NotStarted();

    private static InvalidOperationException NotStarted() =>
        new("The request's streams exist from Setup on; they are not available in the handler's constructor.");

    private protected override void OnAttached(RequestContext context)
    {
        var channel = context.Channel ?? throw new InvalidOperationException("A stream handler needs a stream request.");
        if (DisableNagleAlgorithm && context.Request is Socket { ProtocolType: ProtocolType.Tcp } socket)
            socket.NoDelay = true;
        _reader = new BufferedReader(channel, RbufSize, Timeout, MaxLineLength);
        _writer = new BufferedWriter(channel, WbufSize, Timeout);
        // Rfile and Wfile are made on first use: most async handlers never touch them.
    }

    private protected override ValueTask OnFinishedAsync(CancellationToken cancellationToken) => Writer.FlushAsync(cancellationToken);

    private protected override void OnReleased()
    {
        _reader?.Dispose();
        _writer?.Dispose();
    }

    private CancellationToken Effective(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled ? cancellationToken : RequestAborted;

    /// <summary>Python's <c>rfile.readline()</c>: the next line without its <c>\n</c> or <c>\r\n</c>, decoded as UTF-8.
    /// At end of stream, the unterminated rest, or null when there is none (the client closed).</summary>
    /// <exception cref="LineTooLongException">The line passes <see cref="MaxLineLength"/>.</exception>
    /// <exception cref="PeerTimeoutException">Nothing arrived within <see cref="Timeout"/>.</exception>
    public ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default) =>
        Reader.ReadLineAsync(Effective(cancellationToken));

    /// <summary>Python's <c>recv</c>/<c>rfile.read1()</c>: reads what is available into <paramref name="buffer"/>, at least one byte;
    /// 0 means the client closed.</summary>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Reader.ReadAsync(buffer, Effective(cancellationToken));

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    /// <exception cref="EndOfStreamException">The client closed first.</exception>
    public async ValueTask<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken = default)
    {
        var bytes = new byte[count];
        await Reader.ReadExactlyAsync(bytes, Effective(cancellationToken)).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Fills <paramref name="buffer"/> completely.</summary>
    /// <exception cref="EndOfStreamException">The client closed first.</exception>
    public ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Reader.ReadExactlyAsync(buffer, Effective(cancellationToken));

    /// <summary>Python's <c>wfile.write()</c>: sends <paramref name="text"/> as UTF-8 (at once, unless <see cref="WbufSize"/> buffers it).</summary>
    public ValueTask WriteAsync(string text, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync(text, Effective(cancellationToken));

    /// <summary>Python's <c>wfile.write()</c> for bytes.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync(data, Effective(cancellationToken));

    /// <summary>Sends what <see cref="WbufSize"/> has buffered.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => Writer.FlushAsync(Effective(cancellationToken));

    /// <summary>The blocking <see cref="ReadLineAsync"/>, for <c>Handle()</c>.</summary>
    public string? ReadLine() => Reader.ReadLine();

    /// <summary>The blocking <see cref="ReadAsync"/>, for <c>Handle()</c>.</summary>
    public int Read(Span<byte> buffer) => Reader.Read(buffer);

    /// <summary>The blocking <see cref="WriteAsync(string, CancellationToken)"/>, for <c>Handle()</c>.</summary>
    public void Write(string text) => Writer.Write(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>The blocking <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>, for <c>Handle()</c>.</summary>
    public void Write(ReadOnlySpan<byte> data) => Writer.Write(data);
}
