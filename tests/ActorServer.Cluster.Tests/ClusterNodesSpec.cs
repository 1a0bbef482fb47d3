using ActorServer.Cluster.Tests.Support;
using ActorServer.Hosting.Tests.Support;
using AkkaCluster = Akka.Cluster.Cluster;
using MemberStatus = Akka.Cluster.MemberStatus;

namespace ActorServer.Cluster.Tests;

/// <summary>The harness itself: three nodes form a cluster, and a node cut off is downed by the other two.</summary>
public sealed class ClusterNodesSpec
{
    [Fact]
    public async Task Three_nodes_form_a_cluster_and_the_two_down_a_third_that_is_cut_off()
    {
        await using var cluster = await ClusterNodes.StartAsync(([ "front" ], ""), ([ "worker" ], ""), ([ "worker" ], ""));
        var (front, cut) = (cluster.Nodes[0], cluster.Nodes[2]);
        Assert.Equal(["front"], AkkaCluster.Get(front).SelfRoles);

        await cluster.CutOffAsync(cut);

        var cutAddress = AkkaCluster.Get(cut).SelfAddress;
        await Polling.UntilAsync(
            () => AkkaCluster.Get(front).State.Members.All(m => m.Address != cutAddress) && AkkaCluster.Get(front).State.Members.Count == 2
                  && AkkaCluster.Get(front).State.Members.All(m => m.Status == MemberStatus.Up),
            ClusterNodes.Patience, () => $"the front still sees {cutAddress}");
    }
}
