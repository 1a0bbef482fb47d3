using System.Net.Sockets;
using Akka.Actor;

namespace ActorServer;

/// <summary>
/// A datagram server on a Unix domain socket file: Python's <c>socketserver.UnixDatagramServer</c>. Each datagram is
/// one request; <see cref="BaseRequestHandler.ClientAddress"/> is the client's path, or null for a client that bound
/// none, which cannot be replied to.
/// </summary>
/// <remarks>
/// Binding takes over a stale socket file (one nothing answers on, left by a server that crashed) and refuses a path
/// where a live server answers or that is not a socket file. The file gets <see cref="SocketFileMode"/> right after
/// binding and is removed by <see cref="ServerClose"/>.
/// </remarks>
public class UnixDatagramServer : DatagramServer
{
    private readonly UnixSocketFile _file;

    /// <summary>Creates a server on the socket file <paramref name="path"/>, serving each datagram with a new <paramref name="handlerType"/>.</summary>
    /// <param name="path">The socket file's path: at most 107 bytes on Linux; a leading '\0' names Linux's abstract namespace.</param>
    /// <param name="handlerType">A <see cref="BaseRequestHandler"/> class with a public parameterless constructor.</param>
    /// <param name="bindAndActivate">False leaves binding to the caller (<see cref="SocketServer.ServerBind"/>), to set options first.</param>
    /// <param name="system">The actor system to run in; null creates one the server owns.</param>
    /// <param name="name">The server's name for its actors and logs; null picks one.</param>
    /// <exception cref="ServerBindException">The path is too long, in use by a live server, or not a socket file; the message says which.</exception>
    public UnixDatagramServer(string path, Type handlerType, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : this(path, handlerType, HandlerActivator.For(handlerType), bindAndActivate, system, name)
    {
    }

    /// <summary>Creates a server on <paramref name="path"/> whose handlers come from <paramref name="handlerFactory"/>.</summary>
    public UnixDatagramServer(string path, Func<BaseRequestHandler> handlerFactory, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : this(path, typeof(BaseRequestHandler), handlerFactory, bindAndActivate, system, name)
    {
    }

    /// <summary>The shared constructor: <paramref name="handlerType"/> names the handler in logs.</summary>
    public UnixDatagramServer(string path, Type handlerType, Func<BaseRequestHandler> handlerFactory, bool bindAndActivate, ActorSystem? system, string? name)
        : this(UnixSocketFile.For(path), handlerType, handlerFactory, system, name)
    {
        if (bindAndActivate)
            BindAndActivate();
    }

    private UnixDatagramServer(UnixSocketFile file, Type handlerType, Func<BaseRequestHandler> handlerFactory, ActorSystem? system, string? name)
        : base(file.EndPoint, new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified), file.EndPoint, handlerType, handlerFactory, system, name)
    {
        _file = file;
    }

    /// <summary>The socket file's permissions, set by <see cref="ServerBind"/>. Sending needs write permission, so the
    /// default lets only the owner's processes in. <b>Default:</b> from <c>actor-server.server-defaults.socket-file-mode</c> (0600).</summary>
    public UnixFileMode SocketFileMode
    {
        get => CurrentSettings.SocketFileMode;
        set => Change(s => s with { SocketFileMode = value });
    }


    private protected override string KindName => "unix-dgram";

    private protected override void ValidateForKind(ServerSettings settings)
    {
        if (_file.IsAbstract && AbstractSocketAccess.DatagramRefusal(settings.SocketFileMode) is { } refusal)
            throw new ActorServerConfigurationException(SettingsPath + ".socket-file-mode", SettingFormats.OctalText(settings.SocketFileMode), refusal);
    }


    /// <summary>Python's <c>server_bind()</c>: binds the socket file (taking over a stale one) and sets its permissions.</summary>
    /// <exception cref="ServerBindException">A live server answers on the path, or it is not a socket file, or the bind failed.</exception>
    public override void ServerBind()
    {
        ValidateForKind(CurrentSettings);
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

/// <summary>A Unix datagram server serving each datagram with a new <typeparamref name="THandler"/>.</summary>
/// <typeparam name="THandler">The request handler class: a <see cref="DatagramRequestHandler"/>, or a
/// <see cref="BaseRequestHandler"/> that reads the <see cref="DatagramRequest"/> itself.</typeparam>
public class UnixDatagramServer<THandler> : UnixDatagramServer
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="UnixDatagramServer(string, Type, bool, ActorSystem, string)"/>.</summary>
    public UnixDatagramServer(string path, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(path, typeof(THandler), static () => new THandler(), bindAndActivate, system, name)
    {
    }
}
