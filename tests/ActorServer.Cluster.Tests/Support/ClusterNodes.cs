using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using AkkaCluster = Akka.Cluster.Cluster;
using MemberStatus = Akka.Cluster.MemberStatus;
using ActorServer.Hosting.Tests.Support;

namespace ActorServer.Cluster.Tests.Support;

/// <summary>
/// Several cluster nodes in one test process: one <see cref="ActorSystem"/> each, on 127.0.0.1 with port 0, joined into
/// one cluster. The failure detector and the split-brain resolver are tuned so that a silent node is noticed within about
/// 2 s and downed about 2 s later (the defaults take about 25 s). Every node's transport carries Akka.Remote's throttler,
/// so that a spec can cut a node off (<see cref="CutOffAsync"/>).
/// </summary>
public sealed class ClusterNodes : IAsyncDisposable
{
    public const string SystemName = "cluster-spec";
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The settings every node is given, under its own; tuned for tests, as <c>docs/cluster.md</c> explains.</summary>
    public const string TestTuning = """
        akka {
          loglevel = INFO
          actor.provider = cluster
          remote.dot-netty.tcp {
            hostname = 127.0.0.1
            port = 0
            applied-adapters = [trttl]
          }
          cluster {
            failure-detector {
              heartbeat-interval = 200ms
              acceptable-heartbeat-pause = 1s
              threshold = 8.0
            }
            unreachable-nodes-reaper-interval = 250ms
            gossip-interval = 200ms
            leader-actions-interval = 200ms
            downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
            split-brain-resolver {
              active-strategy = keep-majority
              stable-after = 2s
              down-all-when-unstable = off
            }
            run-coordinated-shutdown-when-down = on
          }
          coordinated-shutdown {
            run-by-clr-shutdown-hook = off
            exit-clr = off
            terminate-actor-system = on
          }
          remote.watch-failure-detector {
            heartbeat-interval = 200ms
            acceptable-heartbeat-pause = 1s
          }
        }
        """;

    private readonly List<ActorSystem> _nodes = [];

    public IReadOnlyList<ActorSystem> Nodes => _nodes;

    /// <summary>Starts one node per entry of <paramref name="nodes"/> (its roles and any HOCON of its own), joins them
    /// into one cluster with the first as seed, and waits until every node sees every member up.</summary>
    public static async Task<ClusterNodes> StartAsync(params (string[] Roles, string Hocon)[] nodes)
    {
        var cluster = new ClusterNodes();
        try
        {
            foreach (var (roles, hocon) in nodes)
                cluster.StartNode(roles, hocon);
            var seed = AkkaCluster.Get(cluster._nodes[0]).SelfAddress;
            foreach (var node in cluster._nodes)
                AkkaCluster.Get(node).Join(seed);
            await AwaitMembersUpAsync(cluster._nodes, cluster._nodes.Count);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts a node that is not yet a member: a spec joins it itself (a late worker, say).</summary>
    public ActorSystem StartNode(string[] roles, string hocon = "")
    {
        var roleList = string.Join(", ", roles.Select(r => $"\"{r}\""));
        var config = ConfigurationFactory.ParseString(hocon)
            .WithFallback(ConfigurationFactory.ParseString($"akka.cluster.roles = [{roleList}]"))
            .WithFallback(ConfigurationFactory.ParseString(TestTuning));
        var node = ActorSystem.Create(SystemName, config);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Waits until each of <paramref name="observers"/> sees <paramref name="count"/> members, all up and reachable.</summary>
    public static Task AwaitMembersUpAsync(IEnumerable<ActorSystem> observers, int count) =>
        Polling.UntilAsync(
            () => observers.All(o => AkkaCluster.Get(o).State is var state && state.Members.Count == count
                                     && state.Members.All(m => m.Status == MemberStatus.Up) && state.Unreachable.IsEmpty),
            Patience,
            () => string.Join("; ", observers.Select(o => $"{AkkaCluster.Get(o).SelfAddress} sees " +
                string.Join(", ", AkkaCluster.Get(o).State.Members.Select(m => $"{m.Address.Port}:{m.Status}")) +
                $" ({AkkaCluster.Get(o).State.Unreachable.Count} unreachable), not {count} up")));

    /// <summary>Blackholes every message between <paramref name="node"/> and each other node, both ways: to the others
    /// it falls silent, as a node behind a cut cable does.</summary>
    public Task CutOffAsync(ActorSystem node) => CutOffAsync(node, _nodes);

    /// <summary>Blackholes every message between <paramref name="node"/> and each of <paramref name="nodes"/> (itself
    /// skipped), both ways: for nodes that are not a <see cref="ClusterNodes"/>' own, such as one generic host each.</summary>
    public static async Task CutOffAsync(ActorSystem node, IEnumerable<ActorSystem> nodes)
    {
        foreach (var other in nodes.Where(n => n != node && !n.WhenTerminated.IsCompleted))
        {
            var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)other).Provider).Transport;
            var ok = await transport.ManagementCommand(new SetThrottle(AkkaCluster.Get(node).SelfAddress,
                ThrottleTransportAdapter.Direction.Both, Blackhole.Instance));
            if (!ok)
                throw new InvalidOperationException($"the throttler refused to cut {AkkaCluster.Get(node).SelfAddress} off from {AkkaCluster.Get(other).SelfAddress}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            try
            {
                await node.Terminate().WaitAsync(Patience);
            }
            catch (TimeoutException)
            {
                // A cut-off node may take its time; the process ends it with the test run.
            }
        }
    }

}
