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

    /// <summary>Accepts up to <paramref name="max"/> requests (the admissions the listener holds) and hands each to
    /// <paramref name="requests"/> (the request supervisor) at once, so a request's way to its handler does not wait
    /// for the listener's turn. The listener hears how many went once, when the loop ends (its admissions are used, or
    /// an accept failed): it has nothing to do with the count before then, and a count told at each wait cost it a
    /// turn for nearly every datagram. An awaited accept, with no continuation task and no closure per request. A
    /// cancelled accept stays silent (its listener stopped waiting for it), unless it completed with a request all the
    /// same: that request is still handed over, to be served or closed.</summary>
    /// <param name="generation">Names this loop in its messages, so the listener knows a late one from an earlier loop.</param>
    /// <param name="inline">True when each request is served on this loop's thread (<see cref="RequestExecutor"/>):
    /// the run's handlers run on their requests' actors.</param>
    public static async Task RunAsync(SocketServer server, IActorRef listener, IActorRef requests, int max, int generation, bool inline, CancellationToken cancellation)
    {
        var accepted = 0;
        for (; accepted < max; accepted++)
        {
            AcceptedRequest request;
            try
            {
                request = await server.AcceptRequestAsync(cancellation).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                if (accepted > 0)
                    listener.Tell(new Accepted(accepted, Last: false, generation));
                if (!cancellation.IsCancellationRequested)
                    listener.Tell(new AcceptFailed(e));
                return;
            }
            if (inline)
                RequestExecutor.RunInline(static start => start.Requests.Tell(start.Message), (Requests: requests, Message: new StartRequest(request)));
            else
                requests.Tell(new StartRequest(request));
        }
        listener.Tell(new Accepted(accepted, Last: true, generation));
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
