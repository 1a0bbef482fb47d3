using System.Net.Sockets;
using Akka.Streams.Dsl;

namespace ActorServer.Actors;

/// <summary>
/// Tells a client's fault (a reset, a silent client, an early close, an over-long line or frame, a datagram client that cannot
/// be answered) from a bug in the handler.
/// Client faults are logged as warnings and never stop the server, whatever the error policy: otherwise any client
/// could stop a server by resetting its connection.
/// </summary>
internal static class ClientFault
{
    public static bool Is(Exception? e) => e switch
    {
        null => false,
        PeerTimeoutException or LineTooLongException or EndOfStreamException or UndeliverableReplyException => true,
        // A flow handler's framing refused what the client sent (an oversized or truncated frame).
        Framing.FramingException => true,
        ChildProcessException child => child.IsClientFault,
        SocketException s => s.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted
            or SocketError.Shutdown or SocketError.NotConnected or SocketError.TimedOut,
        IOException { InnerException: SocketException inner } => Is(inner),
        AggregateException a => a.InnerExceptions.All(Is),
        _ => false,
    };
}
