namespace ActorServer.Samples.Configured;

/// <summary>The handler the files in hocon/ name: the seed's protocol, a line in and the line upper-cased out.</summary>
public sealed class UpperCaseHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line is null)
            return;
        await WriteAsync(line.Trim().ToUpperInvariant() + "\n", cancellationToken);
    }
}
