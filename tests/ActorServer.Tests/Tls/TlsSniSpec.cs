using ActorServer.Tests.Support;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>Certificates chosen by SNI name from HOCON <c>tls.sni</c>: exact names, one-label wildcards, the default
/// certificate for the rest, in the server's process and in a forked child; a bad entry named before anything binds.</summary>
public sealed class TlsSniSpec(ITestOutputHelper output) : TlsSpec(output)
{
    [Theory]
    [InlineData(ServingMode.Threading)]
    [InlineData(ServingMode.Forking)]
    public async Task A_tls_server_must_serve_the_certificate_its_sni_map_names_and_the_default_to_other_names(ServingMode mode)
    {
        var alpha = Certificates.WritePem(Certificates.Server("alpha", "a.test"), "alpha");
        var beta = Certificates.WritePem(Certificates.Server("beta", "x.b.test"), "beta");
        var fallback = Certificates.WritePem(Certificates.Server("default", "other.test", "y.x.b.test"), "default");
        await using var server = SocketServerFactory.Create(Sys, ServerDefinition.Create(Definition(mode, $$"""
            tls.certificate { path = "{{fallback.Certificate}}", key-path = "{{fallback.Key}}" }
            tls.sni {
              "a.test" { path = "{{alpha.Certificate}}", key-path = "{{alpha.Key}}" }
              "*.b.test" { path = "{{beta.Certificate}}", key-path = "{{beta.Key}}" }
            }
            """), "secure"));
        _ = Serve(server);

        Assert.Equal("CN=alpha", await SubjectFor(server, "a.test"));
        Assert.Equal("CN=alpha", await SubjectFor(server, "A.TEST"));
        Assert.Equal("CN=beta", await SubjectFor(server, "x.b.test"));
        Assert.Equal("CN=default", await SubjectFor(server, "y.x.b.test"));   // a wildcard spans one label only
        Assert.Equal("CN=default", await SubjectFor(server, "other.test"));
        await using var noSni = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority, host: "127.0.0.1");
        Assert.Equal("CN=default", noSni.ServerCertificate.Subject);
        Assert.Contains("sni= ", await noSni.AskAsync("who"));   // an IP address as target host sends no SNI
    }

    [Fact]
    public async Task A_renewed_sni_certificate_file_must_be_served_to_new_connections()
    {
        var fallback = Certificates.WritePem(Certificates.Server("default"), "default");
        var alpha = Certificates.WritePem(Certificates.Server("alpha", "a.test"), "alpha");
        await using var server = SocketServerFactory.Create(Sys, ServerDefinition.Create(Definition(ServingMode.Threading, $$"""
            tls.certificate { path = "{{fallback.Certificate}}", key-path = "{{fallback.Key}}" }
            tls.sni."a.test" { path = "{{alpha.Certificate}}", key-path = "{{alpha.Key}}" }
            """), "secure"));
        _ = Serve(server);
        Assert.Equal("CN=alpha", await SubjectFor(server, "a.test"));

        Certificates.WritePem(Certificates.Server("alpha-renewed", "a.test"), "alpha");

        Assert.Equal("CN=alpha-renewed", await SubjectFor(server, "a.test"));
    }

    [Theory]
    [InlineData("""tls.sni { "a.test" { path = "/nonexistent/a.crt" } }""", "tls.sni.\"a.test\".path")]
    [InlineData("""tls.sni { "a.test" { key-path = "/x.key" } }""", "tls.sni.\"a.test\".path")]
    [InlineData("""tls.sni { "a.test" { path = "/x.crt", pth = "/y" } }""", "tls.sni.\"a.test\".pth")]
    [InlineData("""tls.sni { "*.*.test" { path = "/x.crt" } }""", "tls.sni.\"*.*.test\"")]
    [InlineData("""tls.sni = "a.test" """, "tls.sni")]
    public void A_bad_sni_entry_must_fail_before_the_server_binds_naming_its_key(string line, string key)
    {
        var fallback = Certificates.WritePem(Certificates.Server("default"), "default");
        var config = Definition(ServingMode.Threading, $$"""
            tls.certificate { path = "{{fallback.Certificate}}", key-path = "{{fallback.Key}}" }
            {{line}}
            """);

        var error = Assert.Throws<ActorServerConfigurationException>(() => SocketServerFactory.Create(Sys, ServerDefinition.Create(config, "secure")));

        Assert.Equal("actor-server.servers.secure." + key, error.Key);
    }

    [Fact]
    public void An_sni_map_without_a_default_certificate_must_fail_naming_the_map()
    {
        var alpha = Certificates.WritePem(Certificates.Server("alpha", "a.test"), "alpha");
        var config = Definition(ServingMode.Threading, $$"""tls.sni."a.test" { path = "{{alpha.Certificate}}", key-path = "{{alpha.Key}}" }""");

        var error = Assert.Throws<ActorServerConfigurationException>(() => SocketServerFactory.Create(Sys, ServerDefinition.Create(config, "secure")));

        Assert.Equal("actor-server.servers.secure.tls.sni", error.Key);
        Assert.Contains("tls.certificate.path", error.Message);
    }

    [Fact]
    public void An_sni_map_built_in_code_must_be_held_to_the_same_name_rule()
    {
        var alpha = Certificates.WritePem(Certificates.Server("alpha", "a.test"), "alpha");
        var tls = ServerTls() with { Sni = new Dictionary<string, TlsCertificateFiles> { ["a.*.test"] = new() { Path = alpha.Certificate, KeyPath = alpha.Key } } };
        var server = new TcpServer<TlsInfoHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Tls = tls };
        try
        {
            var error = Assert.Throws<ActorServerConfigurationException>(() => server.ValidatedSettings());

            Assert.Equal("actor-server.server-defaults.tls.sni.\"a.*.test\"", error.Key);
        }
        finally
        {
            server.ServerClose();
        }
    }

    private Config Definition(ServingMode mode, string tls) => ConfigurationFactory.ParseString($$"""
        actor-server.servers.secure {
          kind = tcp, endpoint = "127.0.0.1:0", handler = "{{typeof(TlsInfoHandler).AssemblyQualifiedName}}"
          mode = {{SettingsReader.KebabCase(mode.ToString())}}
          {{tls}}
        }
        """).WithFallback(Sys.Settings.Config);

    private async Task<string> SubjectFor(SocketServer server, string host)
    {
        await using var client = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority, host: host);
        var subject = client.ServerCertificate.Subject;
        Assert.Contains($"sni={host} ", await client.AskAsync("who"), StringComparison.OrdinalIgnoreCase);
        return subject;
    }
}
