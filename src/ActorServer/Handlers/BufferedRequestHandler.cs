using ActorServer.Transport;

namespace ActorServer;

/// <summary>
/// The shared base of <see cref="StreamRequestHandler"/> and <see cref="DatagramRequestHandler"/>: Python's file-like
/// <c>rfile</c> and <c>wfile</c>. Read with <see cref="ReadLineAsync"/>, <see cref="ReadAsync"/> and
/// <see cref="ReadExactlyAsync(int, CancellationToken)"/> (or the blocking <see cref="Rfile"/>), write with
/// <see cref="WriteAsync(string, CancellationToken)"/> (or <see cref="Wfile"/>). Derive from one of the two, not from this.
/// </summary>
public abstract class BufferedRequestHandler : BaseRequestHandler
{
    private BufferedReader? _reader;
    private BufferedWriter? _writer;
    private Stream? _rfile;
    private Stream? _wfile;

    /// <summary>Only the stream and datagram handlers derive from this class: they know where the bytes come from.</summary>
    private protected BufferedRequestHandler()
    {
    }

    /// <summary>The longest line <see cref="ReadLineAsync"/> accepts, in bytes, before it throws <see cref="LineTooLongException"/>.
    /// <b>Default:</b> 65536.</summary>
    public int MaxLineLength { get; set; } = 65536;

    /// <summary>Python's <c>rfile</c>: a readable stream of the request's bytes.</summary>
    public Stream Rfile => _rfile ??= new ReaderStream(Reader);

    /// <summary>Python's <c>wfile</c>: a writable stream to the client.</summary>
    public Stream Wfile => _wfile ??= new WriterStream(Writer);

    private BufferedReader Reader => _reader ?? throw NotStarted();

    private BufferedWriter Writer => _writer ?? throw NotStarted();

    private static InvalidOperationException NotStarted() =>
        new("The request's streams exist from Setup on; they are not available in the handler's constructor.");

    /// <summary>Opens <c>rfile</c> and <c>wfile</c> over <paramref name="channel"/>; called once, before <c>Setup</c>.</summary>
    private protected void OpenFiles(IDuplexChannel channel, int readBufferSize, int writeBufferSize, TimeSpan? timeout)
    {
        _reader = new BufferedReader(channel, readBufferSize, timeout, MaxLineLength);
        _writer = new BufferedWriter(channel, writeBufferSize, timeout);
    }

    /// <summary>Gives open files a new idle timeout: a handler may set its <c>Timeout</c> in Setup, as Python's does.</summary>
    private protected void SetFilesTimeout(TimeSpan? timeout)
    {
        if (_reader is not null)
            _reader.Timeout = timeout;
        if (_writer is not null)
            _writer.Timeout = timeout;
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
    /// At the end of the request's bytes, the unterminated rest, or null when there is none (the client closed).</summary>
    /// <exception cref="LineTooLongException">The line passes <see cref="MaxLineLength"/>.</exception>
    /// <exception cref="PeerTimeoutException">Nothing arrived within the handler's timeout.</exception>
    public ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken = default) =>
        Reader.ReadLineAsync(Effective(cancellationToken));

    /// <summary>Python's <c>recv</c>/<c>rfile.read1()</c>: reads what is available into <paramref name="buffer"/>, at least one byte;
    /// 0 means the end (the client closed, or the packet is used up).</summary>
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Reader.ReadAsync(buffer, Effective(cancellationToken));

    /// <summary>Reads exactly <paramref name="count"/> bytes.</summary>
    /// <exception cref="EndOfStreamException">The client closed (or the packet ended) first.</exception>
    public async ValueTask<byte[]> ReadExactlyAsync(int count, CancellationToken cancellationToken = default)
    {
        var bytes = new byte[count];
        await Reader.ReadExactlyAsync(bytes, Effective(cancellationToken)).ConfigureAwait(false);
        return bytes;
    }

    /// <summary>Fills <paramref name="buffer"/> completely.</summary>
    /// <exception cref="EndOfStreamException">The client closed (or the packet ended) first.</exception>
    public ValueTask ReadExactlyAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Reader.ReadExactlyAsync(buffer, Effective(cancellationToken));

    /// <summary>Python's <c>wfile.write()</c>: writes <paramref name="text"/> as UTF-8.</summary>
    public ValueTask WriteAsync(string text, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync(text, Effective(cancellationToken));

    /// <summary>Python's <c>wfile.write()</c> for bytes.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        Writer.WriteAsync(data, Effective(cancellationToken));

    /// <summary>Sends what the write buffer holds.</summary>
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
