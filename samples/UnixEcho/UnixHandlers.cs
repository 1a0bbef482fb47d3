namespace ActorServer.Samples.UnixEcho;

/// <summary>The echo over a Unix stream socket: a line in, the line upper-cased out.</summary>
public sealed class MyUnixStreamHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var data = (await ReadLineAsync(cancellationToken))?.Trim() ?? string.Empty;
        Console.WriteLine($"{ClientAddress?.ToString() ?? "(unnamed)"} wrote:");
        Console.WriteLine(data);
        await WriteAsync(data.ToUpperInvariant(), cancellationToken);
    }
}

/// <summary>The echo over a Unix datagram socket: the reply goes to the client's own socket path.</summary>
public sealed class MyUnixDatagramHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var data = (await ReadLineAsync(cancellationToken))?.Trim() ?? string.Empty;
        Console.WriteLine($"{ClientAddress?.ToString() ?? "(unnamed)"} wrote:");
        Console.WriteLine(data);
        await WriteAsync(data.ToUpperInvariant(), cancellationToken);
    }
}
