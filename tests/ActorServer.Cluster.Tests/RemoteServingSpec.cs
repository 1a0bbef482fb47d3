using ActorServer.Cluster.Tests.Support;
using ActorServer.Tests.Support;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Cluster.Tests;

/// <summary>Requests served by remote workers: the front node keeps the socket, the handler runs on a worker.</summary>
public sealed class RemoteServingSpec
{
    [Fact]
    public async Task Requests_must_be_served_by_the_remote_workers_in_turn_and_the_replies_name_them()
    {
        await using var cluster = await ClusterNodes.StartAsync(([ "front" ], ""), ([ "worker" ], FrontServer.WorkerHocon), ([ "worker" ], FrontServer.WorkerHocon));
        await using var front = FrontServer.Start(cluster.Nodes[0], typeof(NodeEchoHandler));
        var workerPorts = cluster.Nodes.Skip(1).Select(n => AkkaCluster.Get(n).SelfAddress.Port!.Value).ToHashSet();

        var replies = new List<string>();
        for (var i = 0; i < 4; i++)
            replies.Add(await LineClient.RoundTripAsync(front.Address, $"hello {i}"));

        var ports = replies.Select(r => int.Parse(r.Split(' ')[0])).ToList();
        Assert.All(replies.Select((r, i) => (r, i)), p => Assert.EndsWith($" HELLO {p.i}\n", p.r));
        Assert.Equal(workerPorts, ports.ToHashSet());
    }
}
