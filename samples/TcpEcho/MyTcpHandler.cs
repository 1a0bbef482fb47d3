using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Samples.TcpEcho;

/// <summary>The seed's recv-style handler: one recv of up to 1024 bytes, answered upper-cased.</summary>
public sealed class MyTcpHandler : BaseRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var socket = (Socket)Request;
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        var data = Encoding.UTF8.GetString(buffer, 0, received).Trim();
        Console.WriteLine($"{((IPEndPoint)ClientAddress!).Address} wrote:");
        Console.WriteLine(data);
        await socket.SendAsync(Encoding.UTF8.GetBytes(data.ToUpperInvariant()), SocketFlags.None, cancellationToken);
    }
}
