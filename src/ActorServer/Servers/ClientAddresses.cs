using System.Net;
using System.Net.Sockets;

namespace ActorServer;

/// <summary>How a request's client address reaches handlers.</summary>
internal static class ClientAddresses
{
    /// <summary>
    /// An unnamed Unix client (a socket that never bound a path) has an empty address; handlers and logs see null
    /// for it, so "no address to reply to" has one spelling whatever the kind.
    /// </summary>
    public static EndPoint? Named(EndPoint? address) =>
        address is UnixDomainSocketEndPoint && string.IsNullOrEmpty(address.ToString()) ? null : address;
}
