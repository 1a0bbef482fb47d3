using System.Net;
using System.Net.Sockets;
using Akka.Actor;

namespace ActorServer;

/// <summary>
/// A server of connected streams (TCP or Unix stream): it listens, accepts a connection per request, and hands the
/// connected socket to the handler as <see cref="BaseRequestHandler.Request"/>.
/// </summary>
public abstract class StreamServer : SocketServer
{
    private readonly Socket _socket;

    /// <summary>Creates the server around a new, unbound stream socket.</summary>
    private protected StreamServer(EndPoint serverAddress, Socket socket, Type handlerType, Func<BaseRequestHandler> handlerFactory, ActorSystem? system, string? name)
        : base(serverAddress, HandlerActivator.ForKind(handlerType, datagrams: false), handlerFactory, system, name)
    {
        _socket = socket;
    }

    /// <inheritdoc />
    public override Socket Socket => _socket;

    /// <inheritdoc />
    public override void ServerActivate() => _socket.Listen(RequestQueueSize);

    /// <summary>Python's <c>get_request()</c>: accepts the next connection; the client's address is its
    /// <see cref="Socket.RemoteEndPoint"/>. Override to set options on each connection, or to accept another way.</summary>
    protected virtual ValueTask<Socket> GetRequestAsync(CancellationToken cancellationToken) => _socket.AcceptAsync(cancellationToken);

    internal override async ValueTask<AcceptedRequest> AcceptRequestAsync(CancellationToken cancellationToken) =>
        new StreamRequest(await GetRequestAsync(cancellationToken).ConfigureAwait(false), this);

    /// <summary>Python's <c>TCPServer.shutdown_request()</c>: shuts down the sending side (the client reads the end of
    /// its data), then <see cref="SocketServer.CloseRequest"/>.</summary>
    protected override void ShutdownRequest(object request)
    {
        StreamRequest.ShutdownSending((Socket)request);
        CloseRequest(request);
    }

    /// <summary>Python's <c>TCPServer.close_request()</c>: closes the connected socket.</summary>
    protected override void CloseRequest(object request) => ((Socket)request).Close();
}
