using System.Net.Sockets;
using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>What an accept error means for the accept loop.</summary>
internal enum AcceptFailure
{
    /// <summary>The listening socket was closed under the loop: the run ends.</summary>
    SocketClosed,

    /// <summary>The socket is not listening (ServerActivate was never called): no retry can succeed.</summary>
    NotListening,

    /// <summary>EMFILE: a limit, handled by the request supervisor.</summary>
    OutOfDescriptors,

    /// <summary>A client gave up between the handshake and accept(): take the next one.</summary>
    ClientGaveUp,

    /// <summary>Anything else (ENOBUFS, say): wait briefly and try again.</summary>
    Transient,
}

/// <summary>One accept for the listener, reported to it as a message, and the meaning of the ways it fails.</summary>
internal static class AcceptOnce
{
    /// <summary>How long the accept loop waits before it tries again after an accept error it can wait out.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Accepts one request and tells <paramref name="listener"/>: an awaited accept, with no continuation task
    /// and no closure per connection. A cancelled accept stays silent (its listener stopped waiting for it), unless it
    /// completed with a request all the same: that request is still reported, to be served or closed.</summary>
    public static async Task RunAsync(SocketServer server, IActorRef listener, CancellationToken cancellation)
    {
        AcceptedRequest request;
        try
        {
            request = await server.AcceptRequestAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            if (!cancellation.IsCancellationRequested)
                listener.Tell(new AcceptFailed(e));
            return;
        }
        listener.Tell(new Accepted(request));
    }

    public static AcceptFailure Classify(Exception cause) => cause switch
    {
        ObjectDisposedException => AcceptFailure.SocketClosed,
        InvalidOperationException => AcceptFailure.NotListening,
        SocketException { SocketErrorCode: SocketError.TooManyOpenSockets } => AcceptFailure.OutOfDescriptors,
        SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted } => AcceptFailure.ClientGaveUp,
        _ => AcceptFailure.Transient,
    };

    /// <summary>The error as the warning names it.</summary>
    public static string Describe(Exception cause) => cause is SocketException socket
        ? $"{socket.Message} ({socket.SocketErrorCode})"
        : $"{cause.GetType().Name}: {cause.Message}";
}
