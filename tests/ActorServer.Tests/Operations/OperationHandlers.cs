using System.Net;
using Akka.Actor;

namespace ActorServer.Tests.Operations;

/// <summary>A TCP server whose <c>VerifyRequest</c> refuses every request.</summary>
public sealed class RefusingServer(EndPoint address, ActorSystem system, string? name = null)
    : TcpServer<LineEchoHandler>(address, system: system, name: name)
{
    protected override bool VerifyRequest(object request, EndPoint? clientAddress) => false;
}

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
