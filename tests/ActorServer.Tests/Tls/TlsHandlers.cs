namespace ActorServer.Tests.Tls;

/// <summary>Answers each line upper-cased until the client ends: a connection that stays up.</summary>
public sealed class UpperLinesHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is { } line)
            await WriteAsync(line.ToUpperInvariant() + "\n", cancellationToken);
    }
}

/// <summary>Answers one line with what the handshake negotiated, as the handler sees it.</summary>
public sealed class TlsInfoHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await ReadLineAsync(cancellationToken);
        var tls = Tls!;
        await WriteAsync($"{tls.Protocol} alpn={tls.ApplicationProtocol} sni={tls.HostName} client={tls.ClientCertificate?.Subject} request={Request.GetType().Name}\n", cancellationToken);
    }
}

/// <summary>The blocking surface over TLS: Rfile and Wfile, as a port of Python code writes it, with the process id.</summary>
public sealed class BlockingPidHandler : StreamRequestHandler
{
    public override void Handle()
    {
        using var reader = new StreamReader(Rfile, leaveOpen: true);
        var line = reader.ReadLine() ?? string.Empty;
        Wfile.Write(System.Text.Encoding.UTF8.GetBytes($"{line.ToUpperInvariant()} {Environment.ProcessId}\n"));
    }
}
