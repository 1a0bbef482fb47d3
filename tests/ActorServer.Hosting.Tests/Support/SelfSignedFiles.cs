using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ActorServer.Hosting.Tests.Support;

/// <summary>A self-signed server certificate as PEM files in a temp folder (removed on dispose), and a TLS client
/// that trusts exactly it.</summary>
public sealed class SelfSignedFiles : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("as-tls-").FullName;
    private readonly X509Certificate2 _certificate;

    public SelfSignedFiles()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(1));
        Files = new TlsCertificateFiles { Path = Path.Combine(_folder, "server.crt"), KeyPath = Path.Combine(_folder, "server.key") };
        File.WriteAllText(Files.Path, _certificate.ExportCertificatePem());
        File.WriteAllText(Files.KeyPath, key.ExportPkcs8PrivateKeyPem());
    }

    public TlsCertificateFiles Files { get; }

    /// <summary>Sends <paramref name="line"/> over TLS and returns the first line of the answer, newline included.</summary>
    public async Task<string> RoundTripAsync(EndPoint server, string line)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, timeout.Token);
        await using var tls = new SslStream(new NetworkStream(socket));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == _certificate.GetCertHashString(),
        }, timeout.Token);
        await tls.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), timeout.Token);
        using var reader = new StreamReader(tls);
        return await reader.ReadLineAsync(timeout.Token) + "\n";
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
