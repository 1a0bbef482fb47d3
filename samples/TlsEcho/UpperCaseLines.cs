namespace ActorServer.Samples.TlsEcho;

/// <summary>The seed's protocol, a line at a time until the client ends: each line back upper-cased. Over TLS it reads
/// and writes plain text as over TCP; what the handshake negotiated is in <see cref="BaseRequestHandler.Tls"/>.</summary>
public sealed class UpperCaseLines : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"{ClientAddress} connected with {Tls?.Protocol} ({Tls?.CipherSuite})");
        while (await ReadLineAsync(cancellationToken) is { } line)
            await WriteAsync(line.Trim().ToUpperInvariant() + "\n", cancellationToken);
    }
}
