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
            throw new NotSupportedException("datagram requests cannot cross into a forked child yet");
        return new StreamRequest(socket);
    }
}
