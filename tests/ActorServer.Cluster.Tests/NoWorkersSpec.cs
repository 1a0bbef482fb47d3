using ActorServer.Cluster.Tests.Support;
using ActorServer.Tests.Support;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Cluster.Tests;

/// <summary>No worker reachable: the front pauses (accepts nothing until one joins) or refuses (accepts and closes).</summary>
public sealed class NoWorkersSpec
{
    [Fact]
    public async Task Pausing_must_accept_nothing_until_a_worker_joins_and_then_serve_the_waiting_client()
    {
        await using var cluster = await ClusterNodes.StartAsync(([ "front" ], ""));
        await using var front = FrontServer.Start(cluster.Nodes[0], typeof(NodeEchoHandler));
        using var client = await LineClient.ConnectAsync(front.Address);
        await client.SendAsync("waiting\n");

        Assert.False(client.HasDataWithin(TimeSpan.FromMilliseconds(500)), "a paused front must not serve nor close the client");
        Assert.Equal(0, (await front.Server.GetStatusAsync()).Accepted);
        var worker = cluster.StartNode([ "worker" ], FrontServer.WorkerHocon);
        AkkaCluster.Get(worker).Join(AkkaCluster.Get(cluster.Nodes[0]).SelfAddress);

        Assert.Equal($"{AkkaCluster.Get(worker).SelfAddress.Port} WAITING\n", await client.ReadToEndAsync());
    }

    [Fact]
    public async Task Refusing_must_accept_and_close_each_client_at_once_without_a_worker()
    {
        await using var cluster = await ClusterNodes.StartAsync(([ "front" ], ""));
        await using var front = FrontServer.Start(cluster.Nodes[0], typeof(NodeEchoHandler), "cluster.on-no-workers = refuse");

        for (var i = 0; i < 2; i++)
            Assert.Equal("", await ClosedAtOnceAsync(front.Address));
        Assert.Equal(2, (await front.Server.GetStatusAsync()).Accepted);
    }

    /// <summary>What a client gets from a front that closes it at once: nothing, then the end of the stream, or a reset
    /// (its bytes unread when the front closed; on a loaded machine even before its connect was seen complete).</summary>
    private static async Task<string> ClosedAtOnceAsync(System.Net.EndPoint front)
    {
        try
        {
            using var client = await LineClient.ConnectAsync(front);
            await client.SendAsync("refused\n");
            return await client.ReadToEndAsync(resetEnds: true);
        }
        catch (System.Net.Sockets.SocketException e) when (e.SocketErrorCode == System.Net.Sockets.SocketError.ConnectionReset)
        {
            return "";
        }
    }
}
