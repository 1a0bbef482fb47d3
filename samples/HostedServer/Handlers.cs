using Microsoft.Extensions.Logging;

namespace ActorServer.Samples.HostedServer;

/// <summary>The seed's protocol, with services from the container: a line in, the line upper-cased out.</summary>
public sealed class UpperCaseHandler(RequestCounter counter, ILogger<UpperCaseHandler> log) : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line is null)
            return;
        log.LogInformation("{Client} wrote {Line}", ClientAddress, line);
        counter.Increment();
        await WriteAsync(line.Trim().ToUpperInvariant() + "\n", cancellationToken);
    }
}

/// <summary>Tells how many requests the other servers have served (state shared through a singleton service).</summary>
public sealed class StatsHandler(RequestCounter counter) : StreamRequestHandler
{
    public override Task HandleAsync(CancellationToken cancellationToken) =>
        WriteAsync($"served {counter.Served}\n", cancellationToken).AsTask();
}

/// <summary>The seed's protocol over UDP: each datagram's line comes back upper-cased, counted with the TCP requests.</summary>
public sealed class UpperCaseDatagramHandler(RequestCounter counter) : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        counter.Increment();
        await WriteAsync((line ?? string.Empty).Trim().ToUpperInvariant() + "\n", cancellationToken);
    }
}
