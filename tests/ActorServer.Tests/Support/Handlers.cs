using System.Net;

namespace ActorServer.Tests.Support;

/// <summary>Reads one line and writes it back upper-cased: the seed's protocol.</summary>
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

/// <summary>The same protocol through the blocking surface, as a port of Python code would write it.</summary>
public sealed class BlockingUpperCaseHandler : StreamRequestHandler
{
    public override void Handle()
    {
        using var reader = new StreamReader(Rfile, leaveOpen: true);
        var line = reader.ReadLine() ?? string.Empty;
        var reply = System.Text.Encoding.UTF8.GetBytes(line.ToUpperInvariant() + "\n");
        Wfile.Write(reply);
    }
}

/// <summary>Throws in Handle when the client sends "boom", otherwise echoes upper-cased.</summary>
public sealed class ExplodingHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line == "boom")
            throw new InvalidOperationException("the handler exploded on purpose");
        await WriteAsync((line ?? string.Empty).ToUpperInvariant() + "\n", cancellationToken);
    }
}

/// <summary>Replies with the client's address as the server saw it.</summary>
public sealed class WhoAmIHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await ReadLineAsync(cancellationToken);
        await WriteAsync(((IPEndPoint)ClientAddress!).Address + "\n", cancellationToken);
    }
}
