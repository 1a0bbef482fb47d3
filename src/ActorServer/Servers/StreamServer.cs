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

    internal override async ValueTask<AcceptedRequest> GetRequestAsync(CancellationToken cancellationToken) =>
        new StreamRequest(await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false));
}
