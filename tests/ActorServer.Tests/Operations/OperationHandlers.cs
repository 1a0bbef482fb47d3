namespace ActorServer.Tests.Operations;

/// <summary>Answers each line upper-cased until the client closes: a connection that stays live as long as its client
/// wants, so a test can hold some open while it steers the server. "boom" makes it throw.</summary>
public sealed class LineEchoHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            if (line == "boom")
                throw new InvalidOperationException("the client asked for it");
            await WriteAsync(line.ToUpperInvariant() + "\n", cancellationToken);
            await FlushAsync(cancellationToken);
        }
    }
}
