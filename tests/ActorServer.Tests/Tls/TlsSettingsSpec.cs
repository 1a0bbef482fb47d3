using System.Security.Cryptography.X509Certificates;
using ActorServer.Tests.Support;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>TLS from HOCON, and every bad TLS setting found before anything binds, naming its key.</summary>
public sealed class TlsSettingsSpec(ITestOutputHelper output) : TlsSpec(output)
{
    private const string Prefix = "actor-server.server-defaults.tls.";

    [Fact]
    public async Task Two_lines_of_hocon_must_turn_tls_on_for_a_server_definition()
    {
        var (certificate, key) = Certificates.WritePem(Certificates.Server());
        var config = ConfigurationFactory.ParseString($$"""
            actor-server.servers.secure {
              kind = tcp, endpoint = "127.0.0.1:0", handler = "{{typeof(UpperLinesHandler).AssemblyQualifiedName}}"
              tls.certificate.path = "{{certificate}}"
              tls.certificate.key-path = "{{key}}"
            }
            """).WithFallback(Sys.Settings.Config);

        await using var server = SocketServerFactory.Create(Sys, ServerDefinition.Create(config, "secure"));
        _ = Serve(server);

        Assert.True(server.Tls.IsEnabled);
        Assert.Equal("TWO LINES", await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "two lines"));
    }

    [Fact]
    public void A_missing_certificate_file_must_fail_before_the_server_binds_naming_the_key()
    {
        var path = TempSocketPath.Next();
        var config = ConfigurationFactory.ParseString($$"""
            actor-server.servers.secure {
              kind = unix-stream, path = "{{path}}", handler = "{{typeof(UpperLinesHandler).AssemblyQualifiedName}}"
              tls.certificate.path = "/nonexistent/server.crt"
            }
            """).WithFallback(Sys.Settings.Config);

        var error = Assert.Throws<ActorServerConfigurationException>(() => SocketServerFactory.Create(Sys, ServerDefinition.Create(config, "secure")));

        Assert.Equal("actor-server.servers.secure.tls.certificate.path", error.Key);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void An_unreadable_key_must_fail_naming_the_key_path()
    {
        var (certificate, _) = Certificates.WritePem(Certificates.Server());
        var garbage = Path.Combine(Certificates.Folder, "garbage.key");
        File.WriteAllText(garbage, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n");

        var error = Assert.Throws<ActorServerConfigurationException>(() => Tls(new TlsSettings { Certificate = new() { Path = certificate, KeyPath = garbage } }));

        Assert.Equal(Prefix + "certificate.key-path", error.Key);
    }

    [Fact]
    public void A_pfx_must_open_with_the_password_from_its_environment_variable_and_fail_with_a_wrong_one()
    {
        var pfx = Path.Combine(Certificates.Folder, "server.pfx");
        File.WriteAllBytes(pfx, Certificates.Server().Export(X509ContentType.Pkcs12, "right"));
        var variable = $"AS_TLS_TEST_{Guid.NewGuid():N}";
        try
        {
            Environment.SetEnvironmentVariable(variable, "right");
            Assert.True(Tls(new TlsSettings { Certificate = new() { Path = pfx, PasswordEnv = variable } }).IsEnabled);

            Environment.SetEnvironmentVariable(variable, "wrong");
            var error = Assert.Throws<ActorServerConfigurationException>(() => Tls(new TlsSettings { Certificate = new() { Path = pfx, PasswordEnv = variable } }));
            Assert.Equal(Prefix + "certificate.path", error.Key);
            Assert.Contains("password", error.Message);

            Environment.SetEnvironmentVariable(variable, null);
            var unset = Assert.Throws<ActorServerConfigurationException>(() => Tls(new TlsSettings { Certificate = new() { Path = pfx, PasswordEnv = variable } }));
            Assert.Equal(Prefix + "certificate.password-env", unset.Key);
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Tls_on_a_datagram_server_must_fail_naming_the_certificate_key()
    {
        await using var server = new UdpServer<DatagramUpperCaseHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Tls = ServerTls() };
        var error = Assert.Throws<ActorServerConfigurationException>(() => server.ValidatedSettings());

        Assert.Equal(Prefix + "certificate.path", error.Key);
        Assert.Contains("stream kinds", error.Message);
    }

    [Theory]
    [InlineData("tls.ssl-protocols = [tls11]", "ssl-protocols")]
    [InlineData("tls.ssl-protocols = tls13", "ssl-protocols")]
    [InlineData("tls.client-certificate-mode = sometimes", "client-certificate-mode")]
    [InlineData("tls.handshake-timeout = 0s", "handshake-timeout")]
    [InlineData("tls.certificate.pth = x", "certificate.pth")]
    public void A_bad_tls_key_in_hocon_must_fail_naming_it(string line, string key)
    {
        var error = Assert.Throws<ActorServerConfigurationException>(() =>
            ServerSettings.Create(ConfigurationFactory.ParseString("actor-server.server-defaults." + line)));

        Assert.Equal(Prefix + key, error.Key);
    }

    [Fact]
    public void Tls_callbacks_in_forking_mode_must_fail_since_the_child_runs_the_handshake()
    {
        var error = Assert.Throws<ActorServerConfigurationException>(() => Tls(new TlsSettings { ServerCertificate = Certificates.Server() }, ServingMode.Forking));

        Assert.Equal("actor-server.server-defaults.tls", error.Key);
    }

    /// <summary>The settings as serving would check them before it starts.</summary>
    private TlsSettings Tls(TlsSettings tls, ServingMode mode = ServingMode.Synchronous)
    {
        var server = new TcpServer<UpperLinesHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Tls = tls, Mode = mode };
        try
        {
            return server.ValidatedSettings().Tls;
        }
        finally
        {
            server.ServerClose();
        }
    }
}
