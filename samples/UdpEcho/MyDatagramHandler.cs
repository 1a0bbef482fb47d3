using System.Net;

namespace ActorServer.Samples.UdpEcho;

/// <summary>The same with Python's <c>DatagramRequestHandler</c>: read the packet from rfile, write the reply to wfile;
/// what was written leaves as one datagram after <c>Finish</c>.</summary>
public sealed class MyDatagramHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var data = (await ReadLineAsync(cancellationToken))?.Trim() ?? string.Empty;
        Console.WriteLine($"{((IPEndPoint)ClientAddress!).Address} wrote:");
        Console.WriteLine(data);
        await WriteAsync(data.ToUpperInvariant(), cancellationToken);
    }
}
