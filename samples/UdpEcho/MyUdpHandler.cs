using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Samples.UdpEcho;

/// <summary>The seed's UDP handler: <c>data, socket = self.request</c>, answered upper-cased with <c>sendto</c>.</summary>
public sealed class MyUdpHandler : BaseRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var (packet, socket) = (DatagramRequest)Request;
        var data = Encoding.UTF8.GetString(packet.Span).Trim();
        Console.WriteLine($"{((IPEndPoint)ClientAddress!).Address} wrote:");
        Console.WriteLine(data);
        await socket.SendToAsync(Encoding.UTF8.GetBytes(data.ToUpperInvariant()), SocketFlags.None, ClientAddress!, cancellationToken);
    }
}
