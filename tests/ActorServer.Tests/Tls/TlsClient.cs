using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ActorServer.Tests.Tls;

/// <summary>A real SslStream client over TCP or a Unix socket that trusts only the test authority it is given.</summary>
public sealed class TlsClient : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Socket _socket;
    private readonly StreamReader _reader;

    private TlsClient(Socket socket, SslStream stream)
    {
        _socket = socket;
        Stream = stream;
        _reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
    }

    public SslStream Stream { get; }

    public X509Certificate2 ServerCertificate => (X509Certificate2)Stream.RemoteCertificate!;

    /// <summary>Connects and completes the handshake.</summary>
    /// <exception cref="AuthenticationException">The handshake failed on the client's side.</exception>
    public static async Task<TlsClient> ConnectAsync(EndPoint server, X509Certificate2 trusted, string host = "localhost",
        X509Certificate2? certificate = null, SslApplicationProtocol[]? alpn = null, SslProtocols protocols = SslProtocols.None)
    {
        var socket = server is UnixDomainSocketEndPoint
            ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
            : new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await socket.ConnectAsync(server, timeout.Token);
            var stream = new SslStream(new NetworkStream(socket, ownsSocket: true));
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(trusted);
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = host,
                CertificateChainPolicy = policy,
                EnabledSslProtocols = protocols,
                ApplicationProtocols = alpn?.ToList(),
            };
            if (certificate is not null)
                options.ClientCertificates = [certificate];
            await stream.AuthenticateAsClientAsync(options, timeout.Token);
            return new TlsClient(socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends a line and reads the answer's first line; null at end of stream.</summary>
    public async Task<string?> AskAsync(string line)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await Stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), timeout.Token);
        await Stream.FlushAsync(timeout.Token);
        return await _reader.ReadLineAsync(timeout.Token);
    }

    /// <summary>One line over a new connection: what a client that asks once sees.</summary>
    public static async Task<string?> AskOnceAsync(EndPoint server, X509Certificate2 trusted, string line, string host = "localhost", X509Certificate2? certificate = null)
    {
        await using var client = await ConnectAsync(server, trusted, host, certificate);
        return await client.AskAsync(line);
    }

    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync();
        _socket.Dispose();
    }
}
