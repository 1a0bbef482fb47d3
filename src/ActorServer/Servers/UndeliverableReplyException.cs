using System.Net;
using System.Net.Sockets;

namespace ActorServer;

/// <summary>
/// A reply to a datagram's client could not be sent because of the client: it is an unnamed Unix socket (no address
/// to send to), or its socket is gone. Logged as a client fault, it never stops the server, whatever the error policy.
/// </summary>
internal sealed class UndeliverableReplyException : IOException
{
    private UndeliverableReplyException(string message, Exception? cause = null)
        : base(message, cause)
    {
    }

    public static UndeliverableReplyException Unnamed() => new(
        "The datagram came from an unnamed Unix socket, which has no address to reply to: the client must bind its socket to a path to get replies.");

    public static UndeliverableReplyException Gone(EndPoint client, SocketException cause) =>
        new($"The reply to {client} could not be sent ({cause.SocketErrorCode}): the client's socket is gone.", cause);

    /// <summary>Send errors that mean the client is not there any more: a Unix client's socket closed (refused) or its
    /// file removed (reported as address not available), or no route to a UDP client.</summary>
    public static bool MeansClientGone(SocketError error) => error is SocketError.ConnectionRefused or SocketError.AddressNotAvailable
        or SocketError.ConnectionReset or SocketError.HostUnreachable or SocketError.NetworkUnreachable;
}
