using System.Net;
using System.Net.Sockets;
using Akka.Actor;

namespace ActorServer;

/// <summary>
/// A TCP server over IPv4 or IPv6: Python's <c>socketserver.TCPServer</c>. Serves synchronously unless
/// <see cref="SocketServer.Mode"/> says otherwise.
/// </summary>
public class TcpServer : StreamServer
{
    /// <summary>Creates a TCP server for <paramref name="serverAddress"/>, serving each request with a new <paramref name="handlerType"/>.</summary>
    /// <param name="serverAddress">An <see cref="IPEndPoint"/> or <see cref="DnsEndPoint"/>; port 0 picks a free port.</param>
    /// <param name="handlerType">A <see cref="BaseRequestHandler"/> class with a public parameterless constructor.</param>
    /// <param name="bindAndActivate">False leaves binding to the caller (<see cref="SocketServer.ServerBind"/>, <see cref="SocketServer.ServerActivate"/>), to set options first.</param>
    /// <param name="system">The actor system to run in; null creates one the server owns.</param>
    /// <param name="name">The server's name for its actors and logs; null picks one.</param>
    /// <exception cref="ServerBindException">The address cannot be bound; the message says why.</exception>
    public TcpServer(EndPoint serverAddress, Type handlerType, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : this(serverAddress, handlerType, HandlerActivator.For(handlerType), bindAndActivate, system, name)
    {
    }

    /// <summary>Creates a TCP server whose handlers come from <paramref name="handlerFactory"/> (for handlers with dependencies).</summary>
    public TcpServer(EndPoint serverAddress, Func<BaseRequestHandler> handlerFactory, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : this(serverAddress, typeof(BaseRequestHandler), handlerFactory, bindAndActivate, system, name)
    {
    }

    /// <summary>Creates a TCP server whose <paramref name="handlerType"/> handlers come from <paramref name="handlerFactory"/>
    /// (a dependency-injection container's, say); <paramref name="handlerType"/> names the handler in logs and errors.</summary>
    public TcpServer(EndPoint serverAddress, Type handlerType, Func<BaseRequestHandler> handlerFactory, bool bindAndActivate, ActorSystem? system, string? name)
        : this(EndpointResolver.Resolve(serverAddress), handlerType, handlerFactory, system, name)
    {
        if (bindAndActivate)
            BindAndActivate();
    }

    private TcpServer(IPEndPoint endpoint, Type handlerType, Func<BaseRequestHandler> handlerFactory, ActorSystem? system, string? name)
        : base(endpoint, new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp), handlerType, handlerFactory, system, name)
    {
    }

    private protected override string KindName => "tcp";

    /// <inheritdoc />
    public override void ServerBind() => ServerAddress = IpBinding.Bind(Socket, ServerAddress, AllowReuseAddress, AllowReusePort);

    private protected override int ListenBacklog() => ListenQueue.Length(Socket);
}

/// <summary>A TCP server serving each request with a new <typeparamref name="THandler"/>.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class TcpServer<THandler> : TcpServer
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="TcpServer(EndPoint, Type, bool, ActorSystem, string)"/>.</summary>
    public TcpServer(EndPoint serverAddress, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(serverAddress, typeof(THandler), static () => new THandler(), bindAndActivate, system, name)
    {
    }

    /// <summary>Creates the server for Python's <c>(host, port)</c>: "" is every interface, "localhost" is 127.0.0.1.</summary>
    public TcpServer(string host, int port, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : this(new DnsEndPoint(host.Length == 0 ? "0.0.0.0" : host, port), bindAndActivate, system, name)
    {
    }
}
