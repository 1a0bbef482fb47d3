using System.Net;
using Akka.Actor;

namespace ActorServer;

// Python's ThreadingTCPServer, ThreadingUDPServer, ThreadingUnixStreamServer and ThreadingUnixDatagramServer: a kind
// with Mode = ServingMode.Threading, nothing more. They live together because each is only a name.

/// <summary>Python's <c>ThreadingTCPServer</c>: a <see cref="TcpServer{THandler}"/> that serves connections concurrently.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class ThreadingTcpServer<THandler> : TcpServer<THandler>
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="TcpServer(EndPoint, Type, bool, ActorSystem, string)"/>.</summary>
    public ThreadingTcpServer(EndPoint serverAddress, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(serverAddress, bindAndActivate, system, name) => Mode = ServingMode.Threading;

    /// <summary>Creates the server for Python's <c>(host, port)</c>.</summary>
    public ThreadingTcpServer(string host, int port, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(host, port, bindAndActivate, system, name) => Mode = ServingMode.Threading;
}

/// <summary>Python's <c>ThreadingUDPServer</c>: a <see cref="UdpServer{THandler}"/> that serves datagrams concurrently.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class ThreadingUdpServer<THandler> : UdpServer<THandler>
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="UdpServer(EndPoint, Type, bool, ActorSystem, string)"/>.</summary>
    public ThreadingUdpServer(EndPoint serverAddress, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(serverAddress, bindAndActivate, system, name) => Mode = ServingMode.Threading;

    /// <summary>Creates the server for Python's <c>(host, port)</c>.</summary>
    public ThreadingUdpServer(string host, int port, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(host, port, bindAndActivate, system, name) => Mode = ServingMode.Threading;
}

/// <summary>Python's <c>ThreadingUnixStreamServer</c>: a <see cref="UnixStreamServer{THandler}"/> that serves connections concurrently.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class ThreadingUnixStreamServer<THandler> : UnixStreamServer<THandler>
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="UnixStreamServer(string, Type, bool, ActorSystem, string)"/>.</summary>
    public ThreadingUnixStreamServer(string path, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(path, bindAndActivate, system, name) => Mode = ServingMode.Threading;
}

/// <summary>Python's <c>ThreadingUnixDatagramServer</c>: a <see cref="UnixDatagramServer{THandler}"/> that serves datagrams concurrently.</summary>
/// <typeparam name="THandler">The request handler class.</typeparam>
public class ThreadingUnixDatagramServer<THandler> : UnixDatagramServer<THandler>
    where THandler : BaseRequestHandler, new()
{
    /// <summary>Creates the server; see <see cref="UnixDatagramServer(string, Type, bool, ActorSystem, string)"/>.</summary>
    public ThreadingUnixDatagramServer(string path, bool bindAndActivate = true, ActorSystem? system = null, string? name = null)
        : base(path, bindAndActivate, system, name) => Mode = ServingMode.Threading;
}
