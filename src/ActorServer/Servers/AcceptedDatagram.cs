using System.Net;
using System.Runtime.InteropServices;
using ActorServer.Transport;

namespace ActorServer;

/// <summary>
/// A received datagram as a request. Closing it does nothing, as Python's <c>UDPServer.shutdown_request</c>: the socket
/// is the server's, shared by every request. In forking mode the child gets the packet and its own copy of the
/// server's socket descriptor, to reply from the server's address; that copy is the child's to close.
/// </summary>
/// <param name="ownsSocket">True in a forked child, whose socket is its own descriptor of the server's socket.</param>
internal sealed class AcceptedDatagram(DatagramRequest datagram, bool ownsSocket = false) : AcceptedRequest
{
    public override object Request => datagram;

    public override EndPoint? ClientAddress => datagram.ClientAddress;

    public override IDuplexChannel? Channel => null;

    protected override long OwnBytesReceived => datagram.Packet.Length;

    protected override long OwnBytesSent => datagram.BytesSent;

    public override SafeHandle DescriptorForChild => datagram.Socket.SafeHandle;

    public override bool IsDatagram => true;

    public override byte[] PacketForChild => datagram.Packet.ToArray();

    protected override void OnClose()
    {
        if (ownsSocket)
            datagram.Socket.Dispose();
    }
}
