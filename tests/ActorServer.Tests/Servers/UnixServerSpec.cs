using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using ActorServer.Tests.Kinds;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

// The test kinds (Kinds/ServerKind.cs), not the public ActorServer.ServerKind enum of server definitions.
using ServerKind = ActorServer.Tests.Kinds.ServerKind;

// Socket files, their permissions and the stale-file check are Linux's here; the suite runs on Linux.
[SupportedOSPlatform("linux")]
public sealed class UnixServerSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Theory]
    [InlineData("stream")]
    [InlineData("datagram")]
    public async Task A_unix_server_must_take_over_a_stale_socket_file_that_nothing_answers_on(string kindName)
    {
        var kind = Kind(kindName);
        var path = TempSocketPath.Next();
        LeaveStaleSocketFile(path, kindName == "stream" ? SocketType.Stream : SocketType.Dgram);
        Assert.True(File.Exists(path));

        SocketServer? server = null;
        await EventFilter.Warning(contains: $"Removing the stale socket file {path}").ExpectOneAsync(() =>
        {
            server = kind.CreateAt(Address(path), Sys);
            return Task.CompletedTask;
        });
        await using var owned = server!;
        _ = Serve(owned);

        Assert.Equal("FRESH\n", await kind.RoundTripAsync(server!.ServerAddress, "fresh"));
    }

    [Theory]
    [InlineData("stream", "stream")]
    [InlineData("datagram", "datagram")]
    [InlineData("datagram", "stream")]
    [InlineData("stream", "datagram")]
    public async Task A_unix_server_must_refuse_a_path_where_a_live_server_answers_and_leave_that_server_alone(string liveKind, string newKind)
    {
        var live = Kind(liveKind);
        var path = TempSocketPath.Next();
        await using var first = live.CreateAt(Address(path), Sys);

        var error = Assert.Throws<ServerBindException>(() => Kind(newKind).CreateAt(Address(path), Sys));

        Assert.Contains($"cannot bind server to {path}: the socket file is in use by a live server", error.Message);
        Assert.True(File.Exists(path));
        _ = Serve(first);
        Assert.Equal("STILL MINE\n", await live.RoundTripAsync(first.ServerAddress, "still mine"));
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("datagram")]
    public async Task Two_unix_servers_started_at_the_same_instant_on_one_stale_path_must_leave_exactly_one_serving(string kindName)
    {
        var kind = Kind(kindName);
        for (var round = 0; round < 10; round++)
        {
            var path = TempSocketPath.Next();
            LeaveStaleSocketFile(path, kindName == "stream" ? SocketType.Stream : SocketType.Dgram);
            var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var starts = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                await go.Task;
                return kind.CreateAt(Address(path), Sys);
            })).ToArray();
            go.SetResult();
            await Task.WhenAll(starts.Select(start => start.ContinueWith(_ => { }))).WaitAsync(Patience);

            var started = starts.Where(start => start.IsCompletedSuccessfully).Select(start => start.Result).ToArray();
            try
            {
                var refused = Assert.Single(starts, start => start.IsFaulted).Exception!.InnerException;
                Assert.Contains("the socket file is in use by a live server", Assert.IsType<ServerBindException>(refused).Message);
                var winner = Assert.Single(started);
                _ = Serve(winner);
                Assert.Equal("WON\n", await kind.RoundTripAsync(winner.ServerAddress, "won"));
            }
            finally
            {
                foreach (var server in started)
                    await server.DisposeAsync();
            }
        }
    }

    /// <summary>Tells the probe of every connection it gets.</summary>
    private sealed class ConnectionReporter(Akka.Actor.IActorRef probe) : StreamRequestHandler
    {
        public override void Handle() => probe.Tell("connected", Akka.Actor.ActorRefs.NoSender);
    }

    [Fact]
    public async Task A_unix_server_refused_by_another_servers_lock_must_not_even_connect_to_it()
    {
        var path = TempSocketPath.Next();
        await using var live = new UnixStreamServer(path, () => new ConnectionReporter(TestActor), system: Sys);
        _ = Serve(live);

        var error = Assert.Throws<ServerBindException>(() => new UnixStreamServer<UpperCaseHandler>(path, system: Sys));

        Assert.Contains($"another server holds its lock file {path}.lock", error.Message);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void A_unix_server_must_refuse_a_path_where_another_programs_server_listens()
    {
        var path = TempSocketPath.Next();
        using var other = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        other.Bind(Address(path));
        other.Listen();

        var error = Assert.Throws<ServerBindException>(() => new UnixStreamServer<UpperCaseHandler>(path, system: Sys));

        Assert.Contains("the socket file is in use by a live server (a connect to it succeeded)", error.Message);
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("datagram")]
    public void A_unix_server_must_leave_a_path_that_is_not_a_socket_file_untouched(string kindName)
    {
        var kind = Kind(kindName);
        var path = TempSocketPath.Next();
        File.WriteAllText(path, "precious");
        try
        {
            var error = Assert.Throws<ServerBindException>(() => kind.CreateAt(Address(path), Sys));

            Assert.Contains("the path exists and is not a socket file; it was left untouched", error.Message);
            Assert.Equal("precious", File.ReadAllText(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("datagram")]
    public async Task A_unix_server_must_remove_its_socket_file_on_close(string kindName)
    {
        var kind = Kind(kindName);
        var path = TempSocketPath.Next();
        var server = kind.CreateAt(Address(path), Sys);
        Assert.Equal(path, server.ServerAddress.ToString());
        Assert.True(File.Exists(path));

        await server.DisposeAsync();

        Assert.False(File.Exists(path));
    }

    [Fact]
    public void A_unix_server_must_remove_its_socket_file_when_server_close_is_called_directly()
    {
        var path = TempSocketPath.Next();
        var server = new UnixDatagramServer<DatagramUpperCaseHandler>(path, system: Sys);

        server.ServerClose();
        server.ServerClose();

        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("datagram")]
    public async Task A_unix_server_must_make_its_socket_file_owner_only_unless_told_otherwise(string kindName)
    {
        var kind = Kind(kindName);
        await using var byDefault = kind.CreateAt(Address(TempSocketPath.Next()), Sys);
        var custom = kindName == "stream"
            ? (SocketServer)new UnixStreamServer<UpperCaseHandler>(TempSocketPath.Next(), bindAndActivate: false, system: Sys) { SocketFileMode = GroupToo }
            : new UnixDatagramServer<DatagramUpperCaseHandler>(TempSocketPath.Next(), bindAndActivate: false, system: Sys) { SocketFileMode = GroupToo };
        await using var ownedCustom = custom;
        custom.ServerBind();
        custom.ServerActivate();

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(byDefault.ServerAddress.ToString()!));
        Assert.Equal(GroupToo, File.GetUnixFileMode(custom.ServerAddress.ToString()!));
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("datagram")]
    public async Task A_unix_server_must_refuse_a_path_longer_than_107_bytes_and_take_one_of_exactly_107(string kindName)
    {
        var kind = Kind(kindName);
        var longest = LongPath(107);
        var tooLong = LongPath(108);

        var error = Assert.Throws<ServerBindException>(() => AtPath(kindName, tooLong));
        await using var server = AtPath(kindName, longest);

        Assert.Contains("the path is 108 bytes long, and a Unix socket path may have at most 107 bytes", error.Message);
        Assert.False(File.Exists(tooLong));
        _ = Serve(server);
        Assert.Equal("LONG\n", await kind.RoundTripAsync(server.ServerAddress, "long"));
    }

    [Theory]
    [InlineData("stream")]
    [InlineData("datagram")]
    public void A_unix_server_must_say_so_when_the_folder_of_its_path_does_not_exist(string kindName)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"as-missing-{Guid.NewGuid():N}"[..20]);

        var error = Assert.Throws<ServerBindException>(() => AtPath(kindName, Path.Combine(folder, "x.sock")));

        Assert.Contains($"the folder {folder} does not exist", error.Message);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task A_unix_stream_server_must_give_handlers_the_client_path_or_null_for_an_unnamed_client()
    {
        await using var server = new UnixStreamServer<StreamWhoAmIHandler>(TempSocketPath.Next(), system: Sys);
        _ = Serve(server);
        var clientPath = TempSocketPath.Next();
        using var named = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        named.Bind(new UnixDomainSocketEndPoint(clientPath));
        await named.ConnectAsync(server.ServerAddress);
        await named.SendAsync("who\n"u8.ToArray());
        var buffer = new byte[256];
        var n = await named.ReceiveAsync(buffer).WaitAsync(Patience);

        Assert.Equal(clientPath, System.Text.Encoding.UTF8.GetString(buffer, 0, n));
        Assert.Equal("(null)", await LineClient.RoundTripAsync(server.ServerAddress, "who"));
    }

    [Fact]
    public async Task A_unix_datagram_server_must_answer_a_named_client_and_warn_about_an_unnamed_one_without_stopping()
    {
        await using var server = new UnixDatagramServer<DatagramWhoAmIHandler>(TempSocketPath.Next(), system: Sys);
        server.OnHandlerError = HandlerErrorPolicy.StopServer;   // a client's doing must not stop the server even so
        var serving = Serve(server);
        using var unnamed = DatagramClient.For(server.ServerAddress, named: false);
        using var named = DatagramClient.For(server.ServerAddress);

        await EventFilter.Warning(contains: "unnamed Unix socket, which has no address to reply to")
            .ExpectOneAsync(() => unnamed.SendAsync("who"));
        await named.SendAsync("who");

        Assert.Equal(named.LocalAddress!.ToString(), await named.ReceiveAsync());
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task A_unix_stream_server_must_serve_on_a_linux_abstract_name_without_a_file()
    {
        var name = "\0" + Path.GetFileName(TempSocketPath.Next());
        await using var server = new UnixStreamServer<UpperCaseHandler>(name, system: Sys);
        _ = Serve(server);

        Assert.Equal("ABSTRACT\n", await LineClient.RoundTripAsync(server.ServerAddress, "abstract"));
        Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), name[1..])));
    }

    private static UnixFileMode GroupToo => OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private static ServerKind Kind(string name) => name == "stream" ? new UnixStreamKind() : new UnixDatagramKind();

    private SocketServer AtPath(string kindName, string path) => kindName == "stream"
        ? new UnixStreamServer<UpperCaseHandler>(path, system: Sys)
        : new UnixDatagramServer<DatagramUpperCaseHandler>(path, system: Sys);

    private static EndPoint Address(string path) => new UnixDomainSocketEndPoint(path);

    /// <summary>A socket file with no socket bound to it: what a server killed before it could clean up leaves behind.
    /// .NET removes the file a socket bound when that socket closes, so the file is renamed away from it first.</summary>
    private static void LeaveStaleSocketFile(string path, SocketType type)
    {
        using var socket = new Socket(AddressFamily.Unix, type, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path + ".bound"));
        File.Move(path + ".bound", path);
    }

    /// <summary>A fresh path under /tmp of exactly <paramref name="bytes"/> bytes.</summary>
    private static string LongPath(int bytes)
    {
        var prefix = $"/tmp/as-{Guid.NewGuid():N}-";
        return prefix + new string('x', bytes - prefix.Length);
    }
}
