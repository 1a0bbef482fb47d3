using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using ActorServer.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

/// <summary>Writes the peer's credentials as the handler sees them: "pid P, uid U, gid G".</summary>
public sealed class PeerCredentialsHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await ReadLineAsync(cancellationToken);
        await WriteAsync($"{PeerCredentials?.ToString() ?? "none"}\n", cancellationToken);
    }
}

/// <summary>Who is at the other end of a Unix stream connection, for VerifyRequest and handlers; and the abstract
/// namespace, whose sockets have no file for socket-file-mode to protect.</summary>
[SupportedOSPlatform("linux")]
public sealed class PeerCredentialsSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static readonly string Own = $"pid {Environment.ProcessId}, uid {ProcessIdentity.EffectiveUserId}, gid {ProcessIdentity.EffectiveGroupId}";

    private static string AbstractPath() => "\0as-" + Guid.NewGuid().ToString("N")[..12];

    private sealed class RecordingServer(string path, ActorSystem system) : UnixStreamServer<PeerCredentialsHandler>(path, system: system)
    {
        public TaskCompletionSource<PeerCredentials?> Verified { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override bool VerifyRequest(object request, EndPoint? clientAddress)
        {
            Verified.TrySetResult(PeerCredentials.Of((Socket)request));
            return true;
        }
    }

    [Fact]
    public async Task VerifyRequest_and_the_handler_must_both_see_the_connecting_process_pid_uid_and_gid()
    {
        await using var server = new RecordingServer(TempSocketPath.Next(), Sys);
        _ = Serve(server);

        var reply = await LineClient.RoundTripAsync(server.ServerAddress, "");

        Assert.Equal(Own + "\n", reply);
        Assert.Equal(Own, (await server.Verified.Task.WaitAsync(Patience))?.ToString());
    }

    [Fact]
    public async Task A_forked_handler_must_see_the_peer_credentials_of_its_connection_too()
    {
        await using var server = new UnixStreamServer<PeerCredentialsHandler>(TempSocketPath.Next(), bindAndActivate: false, system: Sys) { Mode = ServingMode.Forking };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        Assert.Equal(Own + "\n", await LineClient.RoundTripAsync(server.ServerAddress, ""));
    }

    [Fact]
    public async Task A_tcp_handler_must_see_no_peer_credentials()
    {
        await using var server = new TcpServer<PeerCredentialsHandler>(AnyLoopbackPort, system: Sys);
        _ = Serve(server);

        Assert.Equal("none\n", await LineClient.RoundTripAsync(server.ServerAddress, ""));
    }

    [Fact]
    public async Task An_abstract_stream_socket_with_an_owner_only_mode_must_refuse_another_user_and_serve_its_own()
    {
        Assert.True(OtherUserConnect.IsPossible, "this test acts as another user, which needs root on x86_64 Linux");
        await using var server = new UnixStreamServer<PeerCredentialsHandler>(AbstractPath(), system: Sys);   // socket-file-mode 0600 by default
        _ = Serve(server);

        await EventFilter.Warning(contains: $"refused a connection: peer pid {Environment.ProcessId}, uid {OtherUserConnect.Nobody}").ExpectOneAsync(async () =>
        {
            using var stranger = LineClient.Over(OtherUserConnect.As(OtherUserConnect.Nobody, OtherUserConnect.Nobody, server.ServerAddress));
            Assert.Equal("", await stranger.ReadToEndAsync());
        });
        Assert.Equal(Own + "\n", await LineClient.RoundTripAsync(server.ServerAddress, ""));
    }

    [Fact]
    public async Task An_abstract_stream_socket_whose_mode_admits_others_must_serve_another_user()
    {
        Assert.True(OtherUserConnect.IsPossible, "this test acts as another user, which needs root on x86_64 Linux");
        await using var server = new UnixStreamServer<PeerCredentialsHandler>(AbstractPath(), bindAndActivate: false, system: Sys)
        {
            SocketFileMode = (UnixFileMode)Convert.ToInt32("0666", 8),
        };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        using var stranger = LineClient.Over(OtherUserConnect.As(OtherUserConnect.Nobody, OtherUserConnect.Nobody, server.ServerAddress));
        await stranger.SendAsync("\n");

        Assert.Equal($"pid {Environment.ProcessId}, uid {OtherUserConnect.Nobody}, gid {OtherUserConnect.Nobody}\n", await stranger.ReadToEndAsync());
    }

    [Fact]
    public void An_abstract_datagram_socket_with_a_mode_that_does_not_admit_everyone_must_be_refused_naming_the_key_before_it_binds()
    {
        var path = AbstractPath();
        var definition = ServerDefinition.Create(ConfigurationFactory.ParseString($$"""
            actor-server.servers.abs { kind = unix-datagram, path = "\u0000{{path[1..]}}", handler = "ActorServer.Tests.Support.DatagramUpperCaseHandler, ActorServer.Tests" }
            """), "abs");

        var refused = Assert.Throws<ActorServerConfigurationException>(() => SocketServerFactory.Create(Sys, definition));

        Assert.Equal("actor-server.servers.abs.socket-file-mode", refused.Key);
        Assert.Equal("0600", refused.Value);
        Assert.Contains("senders carry no credentials", refused.Message);
        // Not bound: the same abstract name is free.
        using var probe = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        probe.Bind(new UnixDomainSocketEndPoint(path));
    }

    [Fact]
    public async Task An_abstract_datagram_socket_open_to_every_user_by_its_mode_must_serve()
    {
        await using var server = new UnixDatagramServer<DatagramUpperCaseHandler>(AbstractPath(), bindAndActivate: false, system: Sys)
        {
            SocketFileMode = (UnixFileMode)Convert.ToInt32("0666", 8),
        };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        Assert.Equal("OPEN\n", await DatagramClient.RoundTripAsync(server.ServerAddress, "open"));
    }
}
