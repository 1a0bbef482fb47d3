namespace ActorServer.Benchmarks.Hosts;

/// <summary>The seed's handler: read a line, write it back upper-cased; the server then closes the connection.</summary>
public sealed class UpperLineHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line is null)
            return;
        await WriteAsync(line.Trim().ToUpperInvariant() + "\n", cancellationToken);
    }
}
