using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using ActorServer.Tests.Support;
using Akka.Event;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>Clients that fail their handshake: each is the client's fault, logged as one, and none disturbs the
/// other connections or counts as a handler failure.</summary>
public sealed class TlsHandshakeFailureSpec(ITestOutputHelper output) : TlsSpec(output)
{
    [Fact]
    public async Task A_tls_client_must_refuse_a_server_whose_certificate_comes_from_another_authority()
    {
        using var other = new TestCertificates("Some Other CA");
        await using var server = Tcp<UpperLinesHandler>(s => s.Tls = TlsServers.Pem(other.WritePem(other.Server())));
        _ = Serve(server);

        await Assert.ThrowsAsync<AuthenticationException>(() => TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority));
        Assert.Equal("STILL", await TlsClient.AskOnceAsync(server.ServerAddress, other.Authority, "still"));
    }

    [Fact]
    public async Task A_plaintext_client_must_fail_its_handshake_without_disturbing_a_tls_client_or_stopping_the_server()
    {
        await using var server = Tcp<UpperLinesHandler>(s =>
        {
            s.Mode = ServingMode.Threading;
            s.OnHandlerError = HandlerErrorPolicy.StopServer;   // a handshake failure is no handler failure
            s.Tls = ServerTls();
        });
        _ = Serve(server);
        await using var served = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority);
        Assert.Equal("BEFORE", await served.AskAsync("before"));

        await EventFilter.Warning(contains: "TLS handshake with").ExpectOneAsync(async () =>
        {
            using var plain = await TlsServers.ConnectPlainAsync(server.ServerAddress);
            await plain.SendAsync(Encoding.ASCII.GetBytes("hello in plaintext\n"));
            var answer = Encoding.ASCII.GetString(await TlsServers.ReadUntilClosedAsync(plain));
            Assert.DoesNotContain("HELLO", answer);
        });

        Assert.Equal("AFTER", await served.AskAsync("after"));
        Assert.Equal("NEW", await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "new"));
    }

    [Fact]
    public async Task A_client_that_never_finishes_its_handshake_must_be_dropped_at_the_handshake_timeout_while_others_are_served()
    {
        await using var server = Tcp<UpperLinesHandler>(s =>
        {
            s.Mode = ServingMode.Threading;
            s.Tls = ServerTls() with { HandshakeTimeout = TimeSpan.FromSeconds(1) };
        });
        _ = Serve(server);
        Assert.Equal("WARM", await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "warm"));   // a cold handshake can take long

        await EventFilter.Warning(contains: "handshake-timeout of 1000 ms").ExpectOneAsync(async () =>
        {
            using var silent = await TlsServers.ConnectPlainAsync(server.ServerAddress);
            var dropped = TlsServers.ReadUntilClosedAsync(silent);
            Assert.Equal("SERVED", await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "served"));
            Assert.Empty(await dropped);
        });
    }

    [Fact]
    public async Task A_tls_server_must_refuse_a_client_that_offers_only_tls_1_1()
    {
        await using var server = Tcp<UpperLinesHandler>(s => s.Tls = ServerTls());
        _ = Serve(server);

        await EventFilter.Warning(contains: "TLS handshake with").ExpectOneAsync(async () =>
        {
            using var old = await TlsServers.ConnectPlainAsync(server.ServerAddress);
            await old.SendAsync(TlsServers.Tls11ClientHello());
            var answer = await TlsServers.ReadUntilClosedAsync(old);
            // A fatal alert (record type 21), protocol_version (70), or at least no ServerHello (record type 22).
            Assert.True(answer.Length == 0 || answer is [0x15, .., 70], $"expected an alert or nothing, got {Convert.ToHexString(answer)}");
        });
        Assert.Equal("MODERN", await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "modern"));
    }
}
