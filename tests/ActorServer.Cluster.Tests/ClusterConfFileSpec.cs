using ActorServer.Cluster.Tests.Support;
using ActorServer.Hosting.Tests.Support;
using ActorServer.Tests.Support;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Cluster.Tests;

/// <summary>hocon/cluster.conf as three nodes load it, on loopback: it forms a cluster and serves through its workers.</summary>
public sealed class ClusterConfFileSpec
{
    [Fact]
    public async Task The_cluster_deployment_file_must_serve_requests_through_its_workers()
    {
        var file = await File.ReadAllTextAsync(Path.Combine(SampleProcess.RepositoryRoot, "hocon", "cluster.conf"));
        // What each node overrides: its role, and loopback addresses on port 0 (ClusterNodes joins them itself).
        string Node(string role) => file + $$"""

            akka.cluster.roles = [{{role}}]
            akka.cluster.seed-nodes = []
            akka.remote.dot-netty.tcp.port = 0
            actor-server.servers.echo.endpoint = "127.0.0.1:0"
            """;
        await using var cluster = await ClusterNodes.StartAsync(([], Node("front")), ([], Node("worker")), ([], Node("worker")));
        var servers = ActorServerExtension.Get(cluster.Nodes[0]).StartAll();
        try
        {
            var server = Assert.Single(servers);
            Assert.Equal(ServingMode.Cluster, server.Mode);
            _ = server.ServeForeverAsync();

            var replies = new List<string>();
            for (var i = 0; i < 2; i++)
                replies.Add(await LineClient.RoundTripAsync(server.ServerAddress, "from cluster.conf"));

            var workers = cluster.Nodes.Skip(1).Select(n => $"worker {AkkaCluster.Get(n).SelfAddress}: FROM CLUSTER.CONF\n");
            Assert.Equal(workers.Order(), replies.Order());
        }
        finally
        {
            foreach (var server in servers)
                await server.DisposeAsync();
        }
    }
}
