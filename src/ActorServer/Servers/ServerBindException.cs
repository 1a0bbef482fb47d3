using System.Net;
using System.Net.Sockets;

namespace ActorServer;

/// <summary>
/// A server could not take its address: the port or path is in use, the host cannot be resolved, or the address is
/// not one of this machine's. The message names the address and the cause.
/// </summary>
public sealed class ServerBindException : IOException
{
    /// <summary>Creates the exception for a bind of <paramref name="address"/> that failed with <paramref name="cause"/>.</summary>
    public ServerBindException(string address, string reason, Exception? cause = null)
        : base($"cannot bind server to {address}: {reason}", cause)
    {
        Address = address;
        Reason = reason;
        SocketErrorCode = (cause as SocketException)?.SocketErrorCode;
    }

    /// <summary>The address that could not be bound, as given.</summary>
    public string Address { get; }

    /// <summary>Why the bind failed, in words (the message without the address).</summary>
    public string Reason { get; }

    /// <summary>The socket error behind the failure, when the operating system gave one.</summary>
    public SocketError? SocketErrorCode { get; }

    internal static ServerBindException From(EndPoint address, SocketException cause) =>
        new(address.ToString() ?? "(unknown)", cause.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => "the address is already in use (another server listens there)",
            SocketError.AddressNotAvailable => "the address is not one of this machine's",
            SocketError.AccessDenied => "permission denied (a privileged port or a protected path)",
            _ => $"{cause.SocketErrorCode}: {cause.Message}",
        }, cause);
}
