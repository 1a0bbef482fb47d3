namespace ActorServer.Samples.Configured;

/// <summary>The stream handler the files in hocon/ name: the seed's protocol, a line in and the line upper-cased out.</summary>
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

/// <summary>The same protocol over datagrams (udp and unix-datagram): a packet's line in, the line upper-cased back.</summary>
public sealed class UpperCaseDatagramHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        await WriteAsync((line ?? string.Empty).Trim().ToUpperInvariant() + "\n", cancellationToken);
    }
}
