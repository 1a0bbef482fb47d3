using ActorServer.Cluster;

namespace ActorServer.Samples.ClusterWorkers;

/// <summary>The seed's upper-case echo, served on a worker node: the reply names the worker that ran it, so a user sees
/// requests spread over the workers.</summary>
public sealed class WorkerNameHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line is null)
            return;
        var worker = WorkerContext.Current?.Node.ToString() ?? "this node";
        await WriteAsync($"worker {worker}: {line.Trim().ToUpperInvariant()}\n", cancellationToken);
    }
}
