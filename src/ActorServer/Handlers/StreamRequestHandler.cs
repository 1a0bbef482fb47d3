using System.Net.Sockets;

namespace ActorServer;

/// <summary>
/// A handler for stream requests with file-like reads and writes: Python's <c>socketserver.StreamRequestHandler</c>.
/// Read with <see cref="BufferedRequestHandler.ReadLineAsync"/>, <see cref="BufferedRequestHandler.ReadAsync"/> and
/// <see cref="BufferedRequestHandler.ReadExactlyAsync(int, CancellationToken)"/> (or the blocking <see cref="BufferedRequestHandler.Rfile"/>),
/// write with <see cref="BufferedRequestHandler.WriteAsync(string, CancellationToken)"/> (or <see cref="BufferedRequestHandler.Wfile"/>).
/// </summary>
/// <remarks>
/// The knobs (<see cref="RbufSize"/>, <see cref="WbufSize"/>, <see cref="Timeout"/>, <see cref="DisableNagleAlgorithm"/>,
/// <see cref="BufferedRequestHandler.MaxLineLength"/>) are Python's class attributes: set them in the handler's constructor.
/// They are read once, before <c>Setup</c>, except <see cref="Timeout"/>, which applies from the next read or write
/// wherever it is set (Python applies it in <c>setup()</c>). Whatever <c>Setup</c> and <c>Finish</c> do, buffered writes are flushed after <c>Finish</c>.
/// </remarks>
public abstract class StreamRequestHandler : BufferedRequestHandler
{
    private TimeSpan? _timeout;

    /// <summary>Python's <c>rbufsize</c>: the read buffer size; -1 for the default (8192), 0 for unbuffered. <b>Default:</b> -1.</summary>
    public int RbufSize { get; set; } = -1;

    /// <summary>Python's <c>wbufsize</c>: 0 sends every write at once; otherwise writes collect in a buffer of this size
    /// (-1: 8192) until it fills, <see cref="BufferedRequestHandler.FlushAsync"/> is called, or the request finishes. <b>Default:</b> 0.</summary>
    public int WbufSize { get; set; }

    /// <summary>Python's <c>timeout</c>: a read or write that waits longer fails with <see cref="PeerTimeoutException"/>,
    /// so a silent client cannot hold its request forever. Set it in the constructor, in <c>Setup</c>, or anywhere in the
    /// request: it applies from the next read or write. <b>Default:</b> null (no timeout).</summary>
    public TimeSpan? Timeout
    {
        get => _timeout;
        set
        {
            _timeout = value;
            SetFilesTimeout(value);
        }
    }

    /// <summary>Python's <c>disable_nagle_algorithm</c>: sets TCP_NODELAY on the connection. <b>Default:</b> false.</summary>
    public bool DisableNagleAlgorithm { get; set; }

    /// <summary>Python's <c>self.connection</c>: the connected socket.</summary>
    public Socket Connection =>
        Request as Socket ?? throw new InvalidOperationException("This request has no socket (it runs under a test harness).");

    private protected override void OnAttached(RequestContext context)
    {
        var channel = context.Channel ?? throw new InvalidOperationException("A stream handler needs a stream request.");
        if (DisableNagleAlgorithm && context.Request is Socket { ProtocolType: ProtocolType.Tcp } socket)
            socket.NoDelay = true;
        OpenFiles(channel, RbufSize, WbufSize, Timeout);
    }
}
