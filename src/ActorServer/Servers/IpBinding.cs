using System.Net;
using System.Net.Sockets;

namespace ActorServer;

/// <summary>Python's <c>server_bind()</c> for the IP kinds (TCP and UDP): the reuse options, then bind.</summary>
internal static class IpBinding
{
    /// <summary>Binds <paramref name="socket"/> and returns the bound address, with port 0 resolved.</summary>
    /// <exception cref="ServerBindException">The address is in use, not this machine's, or not permitted.</exception>
    public static EndPoint Bind(Socket socket, EndPoint address, bool reuseAddress, bool reusePort)
    {
        try
        {
            if (reuseAddress)
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            if (reusePort)
                ReusePort.Enable(socket);
            socket.Bind(address);
        }
        catch (SocketException e)
        {
            throw ServerBindException.From(address, e);
        }
        return socket.LocalEndPoint!;
    }
}
