namespace ActorServer.Samples.Operations;

/// <summary>Answers each line upper-cased until the client closes: connections that stay up while the operator
/// suspends the server or lowers its limit.</summary>
public sealed class EchoLinesHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is { } line)
        {
            await WriteAsync(line.ToUpperInvariant() + "\n", cancellationToken);
            await FlushAsync(cancellationToken);
        }
    }
}
