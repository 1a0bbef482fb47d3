namespace ActorServer.Samples.UnixEcho;

/// <summary>The echo both handlers run. Stream and datagram handlers share Python's rfile/wfile surface, so one piece
/// of code reads a line and writes it back upper-cased over either.</summary>
internal static class Echo
{
    public static async Task ServeAsync(BufferedRequestHandler handler, CancellationToken cancellationToken)
    {
        var data = (await handler.ReadLineAsync(cancellationToken))?.Trim() ?? string.Empty;
        Console.WriteLine($"{handler.ClientAddress?.ToString() ?? "(unnamed)"} wrote:");
        Console.WriteLine(data);
        await handler.WriteAsync(data.ToUpperInvariant(), cancellationToken);
    }
}

/// <summary>The echo over a Unix stream socket: the connection's first line, upper-cased.</summary>
public sealed class MyUnixStreamHandler : StreamRequestHandler
{
    public override Task HandleAsync(CancellationToken cancellationToken) => Echo.ServeAsync(this, cancellationToken);
}

/// <summary>The echo over a Unix datagram socket: the reply goes to the client's own socket path.</summary>
public sealed class MyUnixDatagramHandler : DatagramRequestHandler
{
    public override Task HandleAsync(CancellationToken cancellationToken) => Echo.ServeAsync(this, cancellationToken);
}
