using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Operations;

/// <summary>max-connections changed while serving: the request supervisor, which owns the count, applies the new limit
/// at once, without dropping a request and without the listener accepting past it.</summary>
public sealed class LiveLimitSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private readonly List<LineClient> _clients = [];

    private async Task<TcpServer<LineEchoHandler>> ServingAsync(int maxConnections)
    {
        var server = new TcpServer<LineEchoHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys);
        server.Mode = ServingMode.Threading;
        server.MaxConnections = maxConnections;
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);
        await AwaitConditionAsync(() => Task.FromResult(server.IsServing), Patience);
        return server;
    }

    /// <summary>A client that has been served once, so its request is surely live.</summary>
    private async Task<LineClient> LiveClientAsync(SocketServer server, string line)
    {
        var client = await WaitingClientAsync(server, line);
        Assert.Equal(line.ToUpperInvariant(), (await client.ReadLinesAsync(1))[0]);
        return client;
    }

    /// <summary>A client that has connected and sent a line, which may be waiting at the limit.</summary>
    private async Task<LineClient> WaitingClientAsync(SocketServer server, string line)
    {
        var client = await LineClient.ConnectAsync(server.ServerAddress);
        _clients.Add(client);
        await client.SendAsync(line + "\n");
        return client;
    }

    private async Task AwaitCountsAsync(SocketServer server, int live, int queued) =>
        await AwaitAssertAsync(async () =>
        {
            var status = await server.GetStatusAsync();
            Assert.Equal((live, queued), (status.Live, status.Queued));
        }, Patience);

    protected override void AfterAll()
    {
        foreach (var client in _clients)
            client.Dispose();
        base.AfterAll();
    }

    [Fact]
    public async Task Lowering_max_connections_below_the_live_count_must_admit_no_one_until_the_count_falls_below_the_new_limit()
    {
        await using var server = await ServingAsync(maxConnections: 4);
        var a = await LiveClientAsync(server, "a");
        var b = await LiveClientAsync(server, "b");
        await LiveClientAsync(server, "c");

        await server.SetMaxConnectionsAsync(2);

        Assert.Equal(2, server.MaxConnections);
        var waiting = await WaitingClientAsync(server, "d");
        await AwaitCountsAsync(server, live: 3, queued: 1);
        a.Dispose();
        await AwaitCountsAsync(server, live: 2, queued: 1);
        Assert.False(waiting.HasDataWithin(TimeSpan.Zero));
        b.Dispose();
        Assert.Equal("D", (await waiting.ReadLinesAsync(1))[0]);
        var status = await server.GetStatusAsync();
        Assert.Equal((2, 2), (status.Live, status.MaxConnections));
    }

    [Fact]
    public async Task Raising_max_connections_must_admit_the_clients_waiting_in_the_backlog_at_once()
    {
        await using var server = await ServingAsync(maxConnections: 2);
        await LiveClientAsync(server, "a");
        await LiveClientAsync(server, "b");
        var c = await WaitingClientAsync(server, "c");
        var d = await WaitingClientAsync(server, "d");
        await AwaitCountsAsync(server, live: 2, queued: 2);

        await server.SetMaxConnectionsAsync(4);

        Assert.Equal("C", (await c.ReadLinesAsync(1))[0]);
        Assert.Equal("D", (await d.ReadLinesAsync(1))[0]);
        await AwaitCountsAsync(server, live: 4, queued: 0);
    }

    [Fact]
    public async Task A_max_connections_below_one_must_be_refused_with_an_error_naming_the_setting()
    {
        await using var server = await ServingAsync(maxConnections: 2);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => server.SetMaxConnectionsAsync(0));
        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => server.Guardian!.Ask(new SetMaxConnections(-1), Patience));

        Assert.Contains("max-connections must be at least 1", error.Message);
        Assert.Contains("max-connections must be at least 1", refused.Message);
        Assert.Equal(2, (await server.GetStatusAsync()).MaxConnections);
    }

    [Fact]
    public async Task The_actor_messages_must_steer_the_server_as_its_methods_do()
    {
        await using var server = await ServingAsync(maxConnections: 2);
        var guardian = server.Guardian!;

        Assert.Equal(new MaxConnectionsSet(3, 3), await guardian.Ask<MaxConnectionsSet>(new SetMaxConnections(3), Patience));
        Assert.Same(ServerSuspended.Instance, await guardian.Ask<ServerSuspended>(SuspendServer.Instance, Patience));
        var status = await guardian.Ask<ServerStatus>(GetServerStatus.Instance, Patience);
        Assert.Same(ServerResumed.Instance, await guardian.Ask<ServerResumed>(ResumeServer.Instance, Patience));

        Assert.Equal((ServerState.Suspended, 3, server.ServerAddress), (status.State, status.Capacity, status.Address));
        Assert.Equal("X", await AskOnceAsync(server, "x"));
    }

    [Fact]
    public async Task A_synchronous_server_must_refuse_a_new_max_connections_saying_why()
    {
        await using var server = new TcpServer<LineEchoHandler>(AnyLoopbackPort, system: Sys);
        _ = Serve(server);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => server.SetMaxConnectionsAsync(8));

        Assert.Contains("synchronous mode", error.Message);
    }

    private static async Task<string> AskOnceAsync(SocketServer server, string line)
    {
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync(line + "\n");
        return (await client.ReadLinesAsync(1))[0];
    }
}
