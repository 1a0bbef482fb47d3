using System.Security.Cryptography.X509Certificates;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>
/// A certificate issued through an intermediate authority, as public CAs issue them: the server sends the chain from
/// its certificate file, so a client that trusts only the root completes the handshake.
/// </summary>
public sealed class TlsCertificateChainSpec(ITestOutputHelper output) : TlsSpec(output)
{
    [Fact]
    public async Task A_pem_full_chain_file_must_send_its_intermediate_to_a_client_that_trusts_only_the_root()
    {
        var (leaf, intermediate) = Certificates.ServerThroughIntermediate();
        await using var server = Tcp<UpperLinesHandler>(s => s.Tls = TlsServers.Pem(Certificates.WritePem(leaf, "fullchain", intermediate)));
        _ = Serve(server);

        await using var client = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority);

        Assert.Equal("CHAINED", await client.AskAsync("chained"));
        Assert.Equal("CN=localhost", client.ServerCertificate.Subject);
    }

    [Fact]
    public async Task A_pfx_file_with_its_intermediate_must_send_the_chain_too()
    {
        var (leaf, intermediate) = Certificates.ServerThroughIntermediate();
        var pfx = Path.Combine(Certificates.Folder, "chain.pfx");
        File.WriteAllBytes(pfx, new X509Certificate2Collection { leaf, X509CertificateLoader.LoadCertificate(intermediate.RawData) }
            .Export(X509ContentType.Pkcs12)!);
        await using var server = Tcp<UpperLinesHandler>(s => s.Tls = new TlsSettings { Certificate = new() { Path = pfx } });
        _ = Serve(server);

        await using var client = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority);

        Assert.Equal("PFX", await client.AskAsync("pfx"));
    }
}
