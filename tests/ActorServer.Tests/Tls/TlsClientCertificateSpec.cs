using System.Security.Authentication;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>Client certificates: required, checked against the configured authorities (or a callback), and shown to
/// the handler.</summary>
public sealed class TlsClientCertificateSpec(ITestOutputHelper output) : TlsSpec(output)
{
    [Fact]
    public async Task A_server_that_requires_a_client_certificate_must_refuse_a_client_without_one()
    {
        await using var server = Tcp<TlsInfoHandler>(s => s.Tls = Requiring());
        _ = Serve(server);

        await AssertRefused(TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "anonymous"));
    }

    [Fact]
    public async Task A_server_that_requires_a_client_certificate_must_refuse_one_from_another_authority()
    {
        using var other = new TestCertificates("Some Other CA");
        await using var server = Tcp<TlsInfoHandler>(s => s.Tls = Requiring());
        _ = Serve(server);

        await AssertRefused(TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "stranger", certificate: other.Client("stranger")));
    }

    [Fact]
    public async Task A_server_that_requires_a_client_certificate_must_show_a_valid_one_to_its_handler()
    {
        await using var server = Tcp<TlsInfoHandler>(s => s.Tls = Requiring());
        _ = Serve(server);

        var reply = await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "me", certificate: Certificates.Client("alice"));

        Assert.Contains("client=CN=alice", reply);
    }

    [Fact]
    public async Task A_client_certificate_validation_callback_must_decide_which_validCertificates_are_accepted()
    {
        await using var server = Tcp<TlsInfoHandler>(s => s.Tls = Requiring() with
        {
            ClientCertificateValidation = (certificate, _, errors) => errors == System.Net.Security.SslPolicyErrors.None && certificate.Subject == "CN=alice",
        });
        _ = Serve(server);

        Assert.Contains("client=CN=alice", await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "me", certificate: Certificates.Client("alice")));
        await AssertRefused(TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "me", certificate: Certificates.Client("mallory")));
    }

    private TlsSettings Requiring() => ServerTls() with
    {
        ClientCertificateMode = ClientCertificateMode.Require,
        ClientCertificateAuthorities = Certificates.AuthorityPath,
    };

    /// <summary>Under TLS 1.3 the client learns of the refusal on its first read, not in its handshake.</summary>
    private static async Task AssertRefused(Task<string?> ask)
    {
        try
        {
            Assert.Null(await ask);
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // Refused.
        }
    }
}
