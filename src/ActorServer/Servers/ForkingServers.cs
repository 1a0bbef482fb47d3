using System.Net;
using Akka.Actor;

namespace ActorServer;

// Python's ForkingTCPServer, ForkingUDPServer, ForkingUnixStreamServer and ForkingUnixDatagramServer: a kind
// with Mode = ServingMode.Forking, nothing more. They live together because each is only a name.

/// <summary>Python's <c>ForkingTCPServer</c>: a <see cref="TcpServer{THandler}"/> that serves each connection in a child process.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class ForkingTcpServer<THandler> : TcpServer<THandler>
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="TcpServer(EndPoint, Type, bool, ActorSystem, string)"/>.</summary>
    public ForkingTcpServer(EndPoint serverAddress, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(serverAddress, bindAndActivate, system, name) => Mode = ServingMode.Forking;

    /// <summary>Creates the server for Python's <c>(host, port)</c>.</summary>
    public ForkingTcpServer(string host, int port, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(host, port, bindAndActivate, system, name) => Mode = ServingMode.Forking;
}

/// <summary>Python's <c>ForkingUDPServer</c>: a <see cref="UdpServer{THandler}"/> that serves each datagram in a child process.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class ForkingUdpServer<THandler> : UdpServer<THandler>
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="UdpServer(EndPoint, Type, bool, ActorSystem, string)"/>.</summary>
    public ForkingUdpServer(EndPoint serverAddress, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(serverAddress, bindAndActivate, system, name) => Mode = ServingMode.Forking;

    /// <summary>Creates the server for Python's <c>(host, port)</c>.</summary>
    public ForkingUdpServer(string host, int port, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(host, port, bindAndActivate, system, name) => Mode = ServingMode.Forking;
}

/// <summary>Python's <c>ForkingUnixStreamServer</c>: a <see cref="UnixStreamServer{THandler}"/> that serves each connection in a child process.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class ForkingUnixStreamServer<THandler> : UnixStreamServer<THandler>
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="UnixStreamServer(string, Type, bool, ActorSystem, string)"/>.</summary>
    public ForkingUnixStreamServer(string path, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(path, bindAndActivate, system, name) => Mode = ServingMode.Forking;
}

/// <summary>Python's <c>ForkingUnixDatagramServer</c>: a <see cref="UnixDatagramServer{THandler}"/> that serves each datagram in a child process.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class ForkingUnixDatagramServer<THandler> : UnixDatagramServer<THandler>
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="UnixDatagramServer(string, Type, bool, ActorSystem, string)"/>.</summary>
    public ForkingUnixDatagramServer(string path, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(path, bindAndActivate, system, name) => Mode = ServingMode.Forking;
}
