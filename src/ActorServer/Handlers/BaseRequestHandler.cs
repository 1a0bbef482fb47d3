using System.Net;

namespace ActorServer;

/// <summary>
/// The base of every request handler: Python's <c>socketserver.BaseRequestHandler</c>. A new instance serves each
/// request, running <c>Setup</c>, then <c>Handle</c>, then <c>Finish</c>. <c>Finish</c> runs even when <c>Handle</c>
/// throws, but not when <c>Setup</c> throws.
/// </summary>
/// <remarks>
/// Each phase has a blocking form (<see cref="Handle"/>), for ports of Python code and blocking work, and an
/// asynchronous form (<see cref="HandleAsync"/>), the default and fast path. The server calls only the asynchronous
/// forms; their default implementations call the blocking ones, so override whichever suits and leave the other.
/// </remarks>
public abstract class BaseRequestHandler
{
    private RequestContext? _context;
    private PeerCredentials? _peer;

    private RequestContext Context =>
        _context ?? throw new InvalidOperationException("The handler has not been given a request yet; the server sets it before Setup.");

    /// <summary>Python's <c>self.request</c>: the connected <see cref="System.Net.Sockets.Socket"/> for stream servers;
    /// under TLS the authenticated <see cref="System.Net.Security.SslStream"/> (the socket carries only ciphertext).</summary>
    public object Request => Context.Request;

    /// <summary>Python's <c>self.client_address</c>: the peer's address (<see cref="IPEndPoint"/> for TCP and UDP).</summary>
    public EndPoint? ClientAddress => Context.ClientAddress;

    /// <summary>Python's <c>self.server</c>: the server that accepted this request.</summary>
    public SocketServer Server =>
        Context.Server ?? throw new InvalidOperationException("This handler has no server object here: it runs in a forked child process, or under a test harness.");

    /// <summary>The connecting process's pid, uid and gid on a Unix stream connection (Linux's <c>SO_PEERCRED</c>,
    /// recorded by the kernel as the client connected, so no client can forge it), in every serving mode; null for
    /// TCP, datagrams and handlers under a test harness without a socket.</summary>
    public PeerCredentials? PeerCredentials => _peer ??= (Context.Channel is ActorServer.Tls.TlsChannel tls ? tls.Socket : Context.Request) is System.Net.Sockets.Socket socket
        ? ActorServer.PeerCredentials.Of(socket)
        : null;

    /// <summary>What this request's TLS handshake negotiated (version, cipher, ALPN protocol, SNI host name, the client's
    /// certificate); null when the server does not speak TLS.</summary>
    public TlsInfo? Tls => Context.Tls;

    /// <summary>Fires when the server gives up on this request, as at shutdown past its drain timeout.</summary>
    public CancellationToken RequestAborted => Context.RequestAborted;

    internal void Attach(RequestContext context)
    {
        _context = context;
        OnAttached(context);
    }

    /// <summary>Runs after the request is attached and before <c>Setup</c>, whatever the user's <c>Setup</c> does.</summary>
    private protected virtual void OnAttached(RequestContext context)
    {
    }

    /// <summary>Runs after <c>Finish</c> succeeded: the place for a final flush.</summary>
    private protected virtual ValueTask OnFinishedAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Runs last, always: releases what <see cref="OnAttached"/> took.</summary>
    private protected virtual void OnReleased()
    {
    }

    internal ValueTask AfterFinishAsync(CancellationToken cancellationToken) => OnFinishedAsync(cancellationToken);

    internal void DetachRequest() => OnReleased();

    /// <summary>Python's <c>setup()</c>: called before <see cref="Handle"/>. Does nothing by default.</summary>
    public virtual void Setup()
    {
    }

    /// <summary>Python's <c>handle()</c>: serves the request. Does nothing by default.</summary>
    public virtual void Handle()
    {
    }

    /// <summary>Python's <c>finish()</c>: called after <see cref="Handle"/>, even if it threw. Does nothing by default.</summary>
    public virtual void Finish()
    {
    }

    /// <summary>The asynchronous <c>setup()</c>. By default calls <see cref="Setup"/>.</summary>
    public virtual Task SetupAsync(CancellationToken cancellationToken)
    {
        Setup();
        return Task.CompletedTask;
    }

    /// <summary>The asynchronous <c>handle()</c>. By default calls <see cref="Handle"/>.</summary>
    public virtual Task HandleAsync(CancellationToken cancellationToken)
    {
        Handle();
        return Task.CompletedTask;
    }

    /// <summary>The asynchronous <c>finish()</c>. By default calls <see cref="Finish"/>.</summary>
    public virtual Task FinishAsync(CancellationToken cancellationToken)
    {
        Finish();
        return Task.CompletedTask;
    }
}
