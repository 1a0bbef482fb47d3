using System.Net.Sockets;
using Akka.Actor;

namespace ActorServer;

/// <summary>
/// A stream server on a Unix domain socket file: Python's <c>socketserver.UnixStreamServer</c>. The handler's
/// <see cref="BaseRequestHandler.Request"/> is the connected socket, and <see cref="BaseRequestHandler.ClientAddress"/>
/// the client's path, or null for a client that bound none (the usual case).
/// </summary>
/// <remarks>
/// Binding takes over a stale socket file (one nothing answers on, left by a server that crashed) and refuses a path
/// where a live server answers or that is not a socket file. The file gets <see cref="SocketFileMode"/> right after
/// binding, before the socket listens, and is removed by <see cref="ServerClose"/>.
/// </remarks>
public class UnixStreamServer : StreamServer
{
    private readonly UnixSocketFile _file;

    /// <summary>Creates a server on the socket file <paramref name="path"/>, serving each connection with a new <paramref name="handlerType"/>.</summary>
    /// <param name="path">The socket file's path: at most 107 bytes on Linux; a leading '\0' names Linux's abstract namespace.</param>
    /// <param name="handlerType">A <see cref="BaseRequestHandler"/> class with a public parameterless constructor.</param>
    /// <param name="bindAndActivate">False leaves binding to the caller (<see cref="SocketServer.ServerBind"/>, <see cref="SocketServer.ServerActivate"/>), to set options first.</param>
    /// <param name="system">The actor system to run in; null creates one the server owns.</param>
    /// <param name="name">The server's name for its actors and logs; null picks one.</param>
    /// <exception cref="ServerBindException">The path is too long, in use by a live server, or not a socket file; the message says which.</exception>
    public UnixStreamServer(string path, Type handlerType, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : this(path, handlerType, HandlerActivator.For(handlerType), bindAndActivate, system, name)
    {
    }

    /// <summary>Creates a server on <paramref name="path"/> whose handlers come from <paramref name="handlerFactory"/>.</summary>
    public UnixStreamServer(string path, Func<BaseRequestHandler> handlerFactory, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : this(path, typeof(BaseRequestHandler), handlerFactory, bindAndActivate, system, name)
    {
    }

    /// <summary>The shared constructor: <paramref name="handlerType"/> names the handler in logs.</summary>
    public UnixStreamServer(string path, Type handlerType, Func<BaseRequestHandler> handlerFactory, bool bindAndActivate, ActorSystem? system, string? name)
        : this(UnixSocketFile.For(path), handlerType, handlerFactory, system, name)
    {
        if (bindAndActivate)
            BindAndActivate();
    }

    private UnixStreamServer(UnixSocketFile file, Type handlerType, Func<BaseRequestHandler> handlerFactory, ActorSystem? system, string? name)
        : base(file.EndPoint, new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified), handlerType, handlerFactory, system, name)
    {
        _file = file;
    }

    /// <summary>The socket file's permissions, set by <see cref="ServerBind"/>. Connecting needs write permission, so the
    /// default lets only the owner's processes in. <b>Default:</b> from <c>actor-server.server-defaults.socket-file-mode</c> (0600).</summary>
    public UnixFileMode SocketFileMode
    {
        get => CurrentSettings.SocketFileMode;
        set => Change(s => s with { SocketFileMode = value });
    }


    private protected override string KindName => "unix-stream";

    internal override string? PeerRefusal(object request, ServerSettings settings) =>
        _file.IsAbstract ? AbstractSocketAccess.Refusal(request is Socket socket ? PeerCredentials.Of(socket) : null, settings.SocketFileMode) : null;


    /// <summary>Python's <c>server_bind()</c>: binds the socket file (taking over a stale one) and sets its permissions.</summary>
    /// <exception cref="ServerBindException">A live server answers on the path, or it is not a socket file, or the bind failed.</exception>
    public override void ServerBind()
    {
        _file.Bind(Socket, SocketFileMode, Log);
        ServerAddress = Socket.LocalEndPoint!;
    }

    /// <summary>Python's <c>server_close()</c>: closes the socket and removes the socket file this server created.</summary>
    public override void ServerClose()
    {
        base.ServerClose();
        _file.Remove(Log);
    }
}

/// <summary>A Unix stream server serving each connection with a new <typeparamref name="THandler"/>.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class UnixStreamServer<THandler> : UnixStreamServer
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="UnixStreamServer(string, Type, bool, ActorSystem, string)"/>.</summary>
    public UnixStreamServer(string path, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(path, typeof(THandler), static () => new THandler(), bindAndActivate, system, name)
    {
    }
}
