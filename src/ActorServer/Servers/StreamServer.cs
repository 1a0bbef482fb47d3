using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;

namespace ActorServer;

/// <summary>
/// A server of connected streams (TCP or Unix stream): it listens, accepts a connection per request, and hands the
/// connected socket to the handler as <see cref="BaseRequestHandler.Request"/>.
/// </summary>
public abstract class StreamServer : SocketServer
{
    /// <summary>The listening socket; replaced by a new one when the server resumes after a suspension.</summary>
    private volatile Socket _socket;

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

    /// <summary>
    /// Suspended, the listening socket is closed and a new one bound to the same address, not listening: clients that
    /// connect are refused (<c>ECONNREFUSED</c>), not queued, and the port (or the socket file, whose lock the server
    /// keeps) stays this server's until it resumes. Should that bind fail, resuming binds again.
    /// </summary>
    internal override void SuspendListening()
    {
        var old = _socket;
        old.Close();
        _socket = new Socket(old.AddressFamily, old.SocketType, old.ProtocolType);
        try
        {
            ServerBind();
        }
        catch (ServerBindException e)
        {
            Log.Warning("Server {0} could not hold its address {1} while suspended ({2}); resuming binds it again", Name, ServerAddress, e.Message);
        }
    }

    /// <summary>Listens again on the socket bound at the suspension (binding it first if that bind failed).</summary>
    internal override void ResumeListening()
    {
        if (!_socket.IsBound)
            ServerBind();
        ServerActivate();
    }

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
