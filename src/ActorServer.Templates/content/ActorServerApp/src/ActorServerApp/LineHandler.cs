using ActorServer;

namespace ActorServerApp;

/// <summary>One request: a line in, the line upper-cased out, then the connection closes.</summary>
public sealed class LineHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line is null)
            return;   // the client closed without a line
        await WriteAsync(line.Trim().ToUpperInvariant() + "\n", cancellationToken);
    }
}
