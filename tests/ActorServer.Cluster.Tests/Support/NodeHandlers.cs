using ActorServer.Cluster;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorServer.Cluster.Tests.Support;

// The handlers the specs serve remotely: each reply names the worker node that ran it (its port), so a spec sees where
// its request went.

/// <summary>Replies to one line with "PORT LINE" in upper case, then closes: the asynchronous surface.</summary>
public sealed class NodeEchoHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await ReadLineAsync(ct) is { } line)
            await WriteAsync($"{NodeHandlers.Port()} {line.Trim().ToUpperInvariant()}\n", ct);
    }
}

/// <summary>The classic surface: Setup, a blocking Handle over the stream, Finish; replies "PORT LINE" to one line.</summary>
public sealed class ClassicNodeHandler : StreamRequestHandler
{
    private string _greeting = "";

    public override void Setup() => _greeting = "classic";

    public override void Handle()
    {
        var line = ReadLine();
        Write($"{NodeHandlers.Port()} {_greeting} {line}\n");
    }
}

/// <summary>A flow handler: each line comes back as "PORT LINE".</summary>
public sealed class NodeEchoFlow : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow()
    {
        var port = NodeHandlers.Port();
        return FlowFraming.Lines(maxLength: 1024).Join(Flow.Create<string>().Select(line => $"{port} flow {line}"));
    }
}

public static class NodeHandlers
{
    /// <summary>The port of the worker node running the current request: every node of a spec is on 127.0.0.1.</summary>
    public static int Port() => WorkerContext.Current?.Node.Port ?? throw new InvalidOperationException("not on a worker");
}

/// <summary>Reads a line (its key), says it started, replies "PORT started", then waits for the spec's release before it
/// replies "PORT done KEY": a request in flight with output already sent.</summary>
public sealed class HoldingHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await ReadLineAsync(ct) is not { } key)
            return;
        Rendezvous.Started(key, NodeHandlers.Port());
        await WriteAsync($"{NodeHandlers.Port()} started\n", ct);
        await FlushAsync(ct);
        await Rendezvous.ReleasedAsync(key, ct);
        await WriteAsync($"{NodeHandlers.Port()} done {key}\n", ct);
    }
}

/// <summary>Marked safe to retry: its first run for a key says it started and then waits without a word (until its
/// request is cancelled); a later run replies "PORT retried KEY" at once.</summary>
[RetrySafe]
public sealed class RetrySafeHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await ReadLineAsync(ct) is not { } key)
            return;
        if (Rendezvous.Started(key, NodeHandlers.Port()) == 0)
            await Rendezvous.ReleasedAsync(key, ct);
        await WriteAsync($"{NodeHandlers.Port()} retried {key}\n", ct);
    }
}

/// <summary>Never reads: the bytes its client sends pile up wherever the back-pressure stops them.</summary>
public sealed class NotReadingHandler : StreamRequestHandler
{
    public override Task HandleAsync(CancellationToken ct) => Task.Delay(System.Threading.Timeout.Infinite, ct);
}

/// <summary>Reads a line, then fails: a handler failure on a worker, for the front's on-handler-error policy.</summary>
public sealed class FailingHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken ct)
    {
        await ReadLineAsync(ct);
        throw new InvalidOperationException($"failed on {NodeHandlers.Port()}");
    }
}
