using System.Security.Cryptography.X509Certificates;
using ActorServer.Hosting.Tests.Support;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace ActorServer.Hosting.Tests;

/// <summary>
/// TLS members that exist only in code (a certificate selector, OnAuthenticate, client-certificate validation), given
/// through <c>WithSocketServer</c>'s options: HOCON cannot carry them, so the server gets them when it starts.
/// </summary>
public sealed class HostedTlsCallbacksSpec : IAsyncLifetime
{
    private readonly TestHosts _hosts = new();
    private readonly SelfSignedFiles _certificate = new();

    [Fact]
    public async Task A_hosted_server_must_serve_tls_with_a_certificate_selector_and_on_authenticate_from_its_options()
    {
        var chosenFor = new List<string?>();
        var authenticated = 0;
        using var certificate = X509Certificate2.CreateFromPemFile(_certificate.Files.Path, _certificate.Files.KeyPath);
        var host = _hosts.Build(akka => akka.WithSocketServer<NamedEchoHandler>("tls-code", o =>
        {
            o.Endpoint = "127.0.0.1:0";
            o.Mode = ServingMode.Threading;
            o.Tls = new TlsSettings
            {
                ServerCertificateSelector = name =>
                {
                    lock (chosenFor)
                        chosenFor.Add(name);
                    return certificate;
                },
                OnAuthenticate = (_, _) => Interlocked.Increment(ref authenticated),
            };
        }));
        await host.StartAsync();
        var address = await host.Services.GetRequiredService<ISocketServerRegistry>()["tls-code"].Bound.WaitAsync(TestHosts.Patience);

        Assert.Equal("tls-code: over tls\n", await _certificate.RoundTripAsync(address, "over tls"));
        Assert.Equal(1, Volatile.Read(ref authenticated));
        lock (chosenFor)
            Assert.Equal(["localhost"], chosenFor);
    }

    [Fact]
    public void A_forking_hosted_server_with_a_tls_callback_must_be_refused_as_the_host_is_built_naming_its_tls_key()
    {
        var builder = new AkkaConfigurationBuilder(new ServiceCollection(), "tls-spec");

        var refused = Assert.Throws<ActorServerConfigurationException>(() => builder.WithSocketServer<NamedEchoHandler>("tls-fork", o =>
        {
            o.Endpoint = "127.0.0.1:0";
            o.Mode = ServingMode.Forking;
            o.Tls = new TlsSettings { Certificate = _certificate.Files, OnAuthenticate = (_, _) => { } };
        }));

        Assert.Equal("actor-server.servers.tls-fork.tls", refused.Key);
        Assert.Contains("forking", refused.Message);
    }

    [Fact]
    public void The_options_hocon_must_carry_the_file_keys_and_leave_the_code_only_members_out()
    {
        var options = new SocketServerOptions
        {
            Endpoint = "127.0.0.1:0",
            Tls = new TlsSettings { Certificate = _certificate.Files, ClientCertificateValidation = (_, _, _) => true },
        };

        var read = ServerDefinition.Create(options.ToConfig("echo", typeof(NamedEchoHandler)), "echo").Settings.Tls;

        Assert.Equal(_certificate.Files, read.Certificate);
        Assert.Null(read.ClientCertificateValidation);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _hosts.DisposeAsync();
        _certificate.Dispose();
    }
}
