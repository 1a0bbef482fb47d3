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
