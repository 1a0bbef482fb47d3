// What a doc block marked `csharp fragment` takes as given (README.md, "Documentation" says so to readers).
// Not compiled into the test assembly: SnippetCompiler compiles it beside each fragment.
global using System.Net;
global using System.Net.Sockets;
global using System.Text;
global using ActorServer;
global using static FragmentGivens;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

/// <summary>The variables a fragment uses without declaring them.</summary>
public static class FragmentGivens
{
    /// <summary>The cancellation token of the code around a fragment.</summary>
    public static CancellationToken ct => CancellationToken.None;
}

/// <summary>The Quick start's handler (README.md).</summary>
public sealed class UpperCaseHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken ct)
    {
        var line = await ReadLineAsync(ct);
        if (line is null) return;
        await WriteAsync(line.Trim().ToUpperInvariant() + "\n", ct);
    }
}

/// <summary>The datagram handler of docs/kinds.md.</summary>
public sealed class UpperCaseDatagramHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken ct)
    {
        var line = await ReadLineAsync(ct);
        await WriteAsync((line ?? "").ToUpperInvariant(), ct);
    }
}

/// <summary>The flow of docs/flows.md (samples/FlowEcho).</summary>
public sealed class UpperCaseFlow : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        FlowFraming.Lines(maxLength: 1024)
            .Join(Flow.Create<string>().Select(line => line.Trim().ToUpperInvariant()));
}
