using ActorServer.Tests.Flows;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>A TLS round trip with a real SslStream client in every serving mode, for both stream kinds, through the
/// async, blocking and flow surfaces.</summary>
public sealed class TlsRoundTripSpec(ITestOutputHelper output) : TlsSpec(output)
{
    public static TheoryData<string, ServingMode> KindsAndModes => new()
    {
        { "tcp", ServingMode.Synchronous }, { "tcp", ServingMode.Threading }, { "tcp", ServingMode.Forking },
        { "unix-stream", ServingMode.Synchronous }, { "unix-stream", ServingMode.Threading }, { "unix-stream", ServingMode.Forking },
    };

    [Theory]
    [MemberData(nameof(KindsAndModes))]
    public async Task A_tls_server_must_answer_a_tls_client_with_plain_bytes_to_its_handler(string kind, ServingMode mode)
    {
        await using var server = Server<BlockingPidHandler>(kind, mode);
        _ = Serve(server);

        var reply = await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "hello tls");

        Assert.StartsWith("HELLO TLS ", reply);
        var pid = int.Parse(reply!["HELLO TLS ".Length..]);
        if (mode == ServingMode.Forking)
            Assert.NotEqual(Environment.ProcessId, pid);   // the child ran the handshake and the handler
        else
            Assert.Equal(Environment.ProcessId, pid);
    }

    [Theory]
    [InlineData(ServingMode.Threading)]
    [InlineData(ServingMode.Forking)]
    public async Task A_flow_handler_must_serve_over_tls(ServingMode mode)
    {
        await using var server = Server<UpperWithPidFlow>("tcp", mode);
        _ = Serve(server);
        await using var client = await TlsClient.ConnectAsync(server.ServerAddress, Certificates.Authority);

        var first = await client.AskAsync("one");
        var second = await client.AskAsync("two");

        Assert.StartsWith("ONE ", first);
        Assert.StartsWith("TWO ", second);
    }

    [Fact]
    public async Task A_tls_handler_must_see_the_negotiated_protocol_and_its_ssl_stream_as_its_request()
    {
        await using var server = Server<TlsInfoHandler>("tcp", ServingMode.Threading);
        _ = Serve(server);

        var reply = await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "who");

        Assert.Equal("Tls13 alpn= sni=localhost client= request=SslStream", reply);
    }

    [Fact]
    public async Task A_tls_servers_status_must_count_the_bytes_its_handlers_moved_not_the_encrypted_ones()
    {
        await using var server = Server<BlockingPidHandler>("tcp", ServingMode.Threading);
        _ = Serve(server);

        var reply = await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "hello tls");

        // The handler read the line and its end, and wrote its answer and its end; the records around them are TLS's.
        await AwaitAssertAsync(async () =>
        {
            var status = await server.GetStatusAsync();
            Assert.Equal(("hello tls\n".Length, reply!.Length + 1L), (status.BytesReceived, status.BytesSent));
        }, TimeSpan.FromSeconds(5));
    }

    private SocketServer Server<THandler>(string kind, ServingMode mode) where THandler : BaseRequestHandler, new()
    {
        var tls = ServerTls();
        SocketServer server = kind == "tcp"
            ? new TcpServer<THandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Mode = mode, Tls = tls }
            : new UnixStreamServer<THandler>(TempSocketPath.Next(), bindAndActivate: false, system: Sys) { Mode = mode, Tls = tls };
        server.ServerBind();
        server.ServerActivate();
        return server;
    }
}
