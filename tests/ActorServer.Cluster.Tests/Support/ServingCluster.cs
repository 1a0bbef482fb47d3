using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Cluster.Tests.Support;

/// <summary>One front node and two workers, shared by the specs that only serve (none cuts a node off or stops one).</summary>
public sealed class ServingCluster : IAsyncLifetime
{
    private ClusterNodes? _nodes;

    public ClusterNodes Nodes => _nodes ?? throw new InvalidOperationException("not started");

    public Akka.Actor.ActorSystem Front => Nodes.Nodes[0];

    /// <summary>The workers' ports, which the replies name.</summary>
    public IReadOnlySet<int> WorkerPorts => Nodes.Nodes.Skip(1).Select(n => AkkaCluster.Get(n).SelfAddress.Port!.Value).ToHashSet();

    public async Task InitializeAsync() =>
        _nodes = await ClusterNodes.StartAsync(([ "front" ], ""), ([ "worker" ], FrontServer.WorkerHocon), ([ "worker" ], FrontServer.WorkerHocon));

    public async Task DisposeAsync()
    {
        if (_nodes is not null)
            await _nodes.DisposeAsync();
    }
}
