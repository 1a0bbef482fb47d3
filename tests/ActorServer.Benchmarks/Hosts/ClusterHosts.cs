using System.Net;
using ActorServer.Benchmarks.Scenarios;
using ActorServer.Benchmarks.Servers;
using Akka.Actor;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// ActorServer in cluster mode as one server under test: this process is the front node (it binds, and runs nothing of
/// the handlers), and it starts two worker nodes as processes of their own, which run every request's handler. The
/// benchmark samples the three processes together (<see cref="IMultiProcessServer"/>). The cluster is on loopback,
/// its failure detector left at Akka's defaults: nothing fails here, and the defaults are what a user runs.
/// </summary>
internal sealed class ClusterFrontHost : IBenchServer, IMultiProcessServer
{
    /// <summary>The front's cluster address, for its workers to join (their environment).</summary>
    public const string SeedVariable = "BENCH_CLUSTER_SEED";

    public const string WorkerMode = "cluster-worker";
    private const int Workers = 2;

    private readonly ActorSystem _system;
    private readonly ActorServerHost _server;
    private readonly IReadOnlyList<ServerProcess> _workers;

    private ClusterFrontHost(ActorSystem system, ActorServerHost server, IReadOnlyList<ServerProcess> workers)
    {
        _system = system;
        _server = server;
        _workers = workers;
    }

    public EndPoint Address => _server.Address;

    public IEnumerable<int> OtherPids => _workers.Select(w => w.Pid);

    public async Task<RuntimeCounters> OtherCountersAsync()
    {
        var sum = default(RuntimeCounters) with { Allocated = 0, WorkItems = 0, Jitted = 0, GcPauseMicroseconds = 0, JitMicroseconds = 0 };
        foreach (var worker in _workers)
            sum += await worker.CountersAsync();
        return sum;
    }

    public static async Task<ClusterFrontHost> StartAsync(Workload workload, int port)
    {
        var system = ActorServerHost.CreateSystem("cluster", "", ClusterNode.Hocon("front"));
        var seed = AkkaCluster.Get(system).SelfAddress;
        AkkaCluster.Get(system).Join(seed);
        var workers = new List<ServerProcess>();
        try
        {
            var worker = new ServerVariant(Contender.ActorServer, "cluster worker", WorkerMode);
            var environment = new Dictionary<string, string> { [SeedVariable] = seed.ToString() };
            foreach (var _ in Enumerable.Range(0, Workers))
                workers.Add(await ServerProcess.StartAsync(worker, workload, environment));
            await ClusterNode.UntilMembersUpAsync(system, Workers + 1);
            return new ClusterFrontHost(system, ActorServerHost.Start(system, workload, "cluster", port), workers);
        }
        catch
        {
            foreach (var started in workers)
                await started.DisposeAsync();
            await system.Terminate();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        foreach (var worker in _workers)
            await worker.DisposeAsync();
    }
}

/// <summary>A worker node of <see cref="ClusterFrontHost"/>'s cluster: it joins the front named in its environment and
/// runs handlers until its standard input closes. Its address is its cluster endpoint; nothing connects to it but the front.</summary>
internal sealed class ClusterWorkerHost(ActorSystem system) : IBenchServer
{
    public EndPoint Address { get; } = new IPEndPoint(IPAddress.Loopback, AkkaCluster.Get(system).SelfAddress.Port ?? 0);

    public static async Task<ClusterWorkerHost> StartAsync()
    {
        var seed = Environment.GetEnvironmentVariable(ClusterFrontHost.SeedVariable)
                   ?? throw new InvalidOperationException($"a cluster worker needs its front's address in {ClusterFrontHost.SeedVariable}");
        var system = ActorSystem.Create("bench", ConfigurationFactory.ParseString(ClusterNode.Hocon("worker") + """

            akka.extensions = ["ActorServer.Cluster.ActorServerClusterExtension, ActorServer.Cluster"]
            akka.loglevel = WARNING
            """));
        AkkaCluster.Get(system).Join(Akka.Actor.Address.Parse(seed));
        await ClusterNode.UntilMembersUpAsync(system, 2);
        return new ClusterWorkerHost(system);
    }

    public async ValueTask DisposeAsync()
    {
        await AkkaCluster.Get(system).LeaveAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        await system.Terminate();
    }
}

/// <summary>What the benchmark's cluster nodes share: their HOCON, and waiting for the cluster to form.</summary>
internal static class ClusterNode
{
    public static string Hocon(string role) => $$"""
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        akka.cluster.roles = ["{{role}}"]
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        """;

    /// <summary>Waits (up to a minute) until <paramref name="system"/> sees at least <paramref name="members"/> members up.</summary>
    public static async Task UntilMembersUpAsync(ActorSystem system, int members)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var cluster = AkkaCluster.Get(system);
        while (cluster.State.Members.Count(m => m.Status == Akka.Cluster.MemberStatus.Up) < members)
            await tick.WaitForNextTickAsync(deadline.Token);
    }
}
