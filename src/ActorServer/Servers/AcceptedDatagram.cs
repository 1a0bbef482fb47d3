using System.Net;
using ActorServer.Transport;

namespace ActorServer;

/// <summary>A received datagram as a request. Closing it does nothing, as Python's <c>UDPServer.shutdown_request</c>:
/// the socket is the server's, shared by every request.</summary>
internal sealed class AcceptedDatagram(DatagramRequest datagram) : AcceptedRequest
{
    public override object Request => datagram;

    public override EndPoint? ClientAddress => datagram.ClientAddress;

    public override IDuplexChannel? Channel => null;

    protected override void OnClose()
    {
    }
}
