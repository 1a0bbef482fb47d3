using System.Net.Security;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>Which certificate a client gets: by SNI name, after a renewal on disk, and the ALPN protocol agreed.</summary>
public sealed class TlsCertificateSelectionSpec(ITestOutputHelper output) : TlsSpec(output)
{
    [Fact]
    public async Task A_renewed_certificate_file_must_be_served_to_new_connections_while_an_open_one_stays_up()
    {
        var files = Certificates.WritePem(Certificates.Server("first"));
        await using var server = Tcp<UpperLinesHandler>(s =>
        {
            s.Mode = ServingMode.Threading;
            s.Tls = TlsServers.Pem(files);
        });
        _ = Serve(server);
        await using var open = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority);
        Assert.Equal("CN=first", open.ServerCertificate.Subject);

        Certificates.WritePem(Certificates.Server("second-renewed"));

        await using var renewed = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority);
        Assert.Equal("CN=second-renewed", renewed.ServerCertificate.Subject);
        Assert.Equal("STILL UP", await open.AskAsync("still up"));
        Assert.Equal("NEW", await renewed.AskAsync("new"));
    }

    [Fact]
    public async Task A_certificate_selector_must_pick_the_certificate_by_the_sni_name_the_client_asked_for()
    {
        var alpha = Certificates.Server("alpha", "alpha.test");
        var beta = Certificates.Server("beta", "beta.test");
        await using var server = Tcp<TlsInfoHandler>(s => s.Tls = new TlsSettings
        {
            ServerCertificate = beta,
            ServerCertificateSelector = host => host == "alpha.test" ? alpha : null,
        });
        _ = Serve(server);

        await using (var toAlpha = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority, host: "alpha.test"))
        {
            Assert.Equal("CN=alpha", toAlpha.ServerCertificate.Subject);
            Assert.Contains("sni=alpha.test", await toAlpha.AskAsync("who"));
        }
        await using var toBeta = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority, host: "beta.test");
        Assert.Equal("CN=beta", toBeta.ServerCertificate.Subject);
    }

    [Fact]
    public async Task A_tls_server_must_agree_on_an_alpn_protocol_the_client_offers_and_tell_its_handler()
    {
        await using var server = Tcp<TlsInfoHandler>(s => s.Tls = ServerTls() with
        {
            AlpnProtocols = ["x-one/1", "x-two/1"],
        });
        _ = Serve(server);

        await using var client = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority, alpn: [new SslApplicationProtocol("x-two/1")]);

        Assert.Equal("x-two/1", client.Stream.NegotiatedApplicationProtocol.ToString());
        Assert.Contains("alpn=x-two/1", await client.AskAsync("which"));
    }

    [Fact]
    public async Task An_on_authenticate_hook_must_see_and_may_change_each_connections_options()
    {
        var seen = new TaskCompletionSource<System.Net.EndPoint?>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Tcp<TlsInfoHandler>(s => s.Tls = ServerTls() with
        {
            OnAuthenticate = (client, options) =>
            {
                options.EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12;
                seen.TrySetResult(client);
            },
        });
        _ = Serve(server);

        var reply = await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "which");

        Assert.StartsWith("Tls12 ", reply);
        Assert.NotNull(await seen.Task.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
