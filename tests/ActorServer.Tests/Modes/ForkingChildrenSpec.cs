using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>Forking mode's children: the warm pool, max-children, and reaping when the server closes.</summary>
public sealed class ForkingChildrenSpec(ITestOutputHelper output) : ForkingSpec(output)
{
    [Fact]
    public async Task A_warm_pool_must_start_children_before_any_request_and_serve_from_them()
    {
        await using var server = Forking(s => s.WarmChildren = 2);
        _ = Serve(server);

        await AwaitAssertAsync(() => Assert.Equal(2, server.ActiveChildren.Count), Patience);
        var warm = server.ActiveChildren.ToHashSet();

        Assert.Contains(await PidOf(server), warm);
    }

    [Fact]
    public async Task Max_children_must_bound_the_live_children_and_hold_back_further_requests()
    {
        await using var server = Forking(s => s.MaxChildren = 2);
        _ = Serve(server);

        var clients = new List<LineClient>();
        for (var i = 0; i < 4; i++)
        {
            var client = await LineClient.ConnectAsync(server.ServerAddress);
            await client.SendAsync("wait\n");
            clients.Add(client);
        }
        await AwaitAssertAsync(() => Assert.Equal(2, server.ActiveChildren.Count), Patience);
        Assert.False(clients[2].HasDataWithin(TimeSpan.FromMilliseconds(300)), "a third request was served beyond max_children");
        Assert.Equal(2, server.ActiveChildren.Count);

        foreach (var (client, i) in clients.Select((c, i) => (c, i)))
            await client.SendAsync($"reply{i}\n");
        var replies = await Task.WhenAll(clients.Select(c => c.ReadToEndAsync()));

        Assert.Equal(["reply0", "reply1", "reply2", "reply3"], replies.Select(r => r.Split(' ')[0]));
        clients.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Max_children_must_bound_every_child_process_alive_warming_ones_included()
    {
        await using var server = Forking(s =>
        {
            s.MaxChildren = 2;
            s.WarmChildren = 2;
        });
        _ = Serve(server);
        var controlPath = server.ForkBridge.ControlPath;
        var peak = 0;
        using var done = new CancellationTokenSource();
        // Samples the processes that really exist (from /proc), as Python's max_children counts them: until reaped.
        var sampler = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                peak = Math.Max(peak, ProcessesMentioning(controlPath).Length);
                await Task.Delay(1);
            }
        });

        for (var round = 0; round < 5; round++)
        {
            var pids = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PidOf(server)));
            Assert.Equal(4, pids.Distinct().Count());
        }
        await done.CancelAsync();
        await sampler;

        Assert.InRange(peak, 1, 2);
    }

    [Fact]
    public async Task Closing_the_server_must_reap_every_child()
    {
        var server = ServingWarm(3);
        await AwaitAssertAsync(() => Assert.Equal(3, server.ActiveChildren.Count), Patience);
        var children = server.ActiveChildren.ToList();

        await server.DisposeAsync();

        AssertGone(children);
    }

    [Fact]
    public async Task Closing_the_server_must_reap_children_that_are_still_starting()
    {
        var server = ServingWarm(3);
        // The children exist as processes (their command line names this server's control socket) well before they
        // have connected back and count as active: closing now catches them starting.
        var control = server.ForkBridge.ControlPath;
        int[] starting = [];
        await AwaitAssertAsync(() =>
        {
            starting = ProcessesMentioning(control);
            Assert.Equal(3, starting.Length);
        }, Patience, TimeSpan.FromMilliseconds(20));

        await server.DisposeAsync();

        AssertGone(starting);
    }

    /// <summary>A forking server serving with <paramref name="children"/> warm children that are never recycled.</summary>
    private TcpServer<ChildProbeHandler> ServingWarm(int children)
    {
        var server = Forking(s =>
        {
            s.WarmChildren = children;
            s.RequestsPerChild = 0;
        });
        _ = Serve(server);
        return server;
    }
}
