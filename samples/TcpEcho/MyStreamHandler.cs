using System.Net;

namespace ActorServer.Samples.TcpEcho;

/// <summary>The seed's stream-style handler: reads a line from rfile, writes it upper-cased to wfile.</summary>
public sealed class MyStreamHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var data = (await ReadLineAsync(cancellationToken))?.Trim() ?? string.Empty;
        Console.WriteLine($"{((IPEndPoint)ClientAddress!).Address} wrote:");
        Console.WriteLine(data);
        await WriteAsync(data.ToUpperInvariant(), cancellationToken);
    }
}
