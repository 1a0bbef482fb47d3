using System.Net.Sockets;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>The seed's UDP handler without the upper-casing: <c>data, socket = self.request; socket.sendto(data, client_address)</c>.</summary>
public sealed class UdpEchoHandler : BaseRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var (packet, socket) = (DatagramRequest)Request;
        await socket.SendToAsync(packet, SocketFlags.None, ClientAddress!, cancellationToken);
    }
}
