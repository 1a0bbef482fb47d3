using System.Net.Sockets;

namespace ActorServer.Modes.Forking;

/// <summary>Rebuilds, in the child, the request the server handed over.</summary>
internal static class ChildRequests
{
    public static AcceptedRequest Rebuild(ChildProtocol.RequestHeader header, int descriptor)
    {
        if (descriptor < 0)
            throw new InvalidDataException("a request arrived without its socket");
        var socket = new Socket(new SafeSocketHandle(descriptor, ownsHandle: true));
        if (header.IsDatagram)
            return new AcceptedDatagram(new DatagramRequest(header.Packet, socket, ChildProtocol.ParseAddress(header.ClientAddress)), ownsSocket: true);
        return new StreamRequest(socket);
    }
}
