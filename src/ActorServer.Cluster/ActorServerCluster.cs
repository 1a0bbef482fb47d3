using ActorServer.Cluster.Messages;
using ActorServer.Cluster.Worker;
using Akka.Actor;
using Akka.Configuration;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Cluster;

/// <summary>
/// ActorServer on Akka.Cluster, one per actor system: registers the cluster mode's message serializer and, on a node with
/// the worker role (<c>actor-server.cluster-worker.role</c>), starts the worker that runs the handlers of the front nodes'
/// requests and drains them at coordinated shutdown, before the node leaves the cluster. Start it with
/// <c>akka.extensions = ["ActorServer.Cluster.ActorServerClusterExtension, ActorServer.Cluster"]</c> (a node configured by
/// HOCON alone) or <see cref="Get"/>; a front node's cluster-mode server starts it itself.
/// </summary>
public sealed class ActorServerCluster : IExtension
{
    /// <summary>The HOCON path of the worker's settings.</summary>
    public const string WorkerPath = "actor-server.cluster-worker";

    internal ActorServerCluster(ExtendedActorSystem system)
    {
        system.Settings.InjectTopLevelFallback(DefaultConfig);
        var serializer = new ClusterMessageSerializer(system);
        system.Serialization.AddSerializer("actor-server-cluster", serializer);
        system.Serialization.AddSerializationMap(typeof(IClusterMessage), serializer);
        system.Serialization.AddSerializationMap(typeof(Akka.IO.ByteString), serializer);
        var config = system.Settings.Config.GetConfig(WorkerPath);
        WorkerRole = Read(() => config.GetString("role"), "role");
        DrainTimeout = Read(() => config.GetTimeSpan("drain-timeout"), "drain-timeout");
        var cluster = AkkaCluster.Get(system);
        if (!cluster.SelfRoles.Contains(WorkerRole))
            return;
        Worker = system.ActorOf(WorkerActor.Props(cluster.SelfAddress), WorkerActor.Name);
        WorkerDrain.Register(system, Worker, DrainTimeout);
    }

    /// <summary>The extension of <paramref name="system"/>, started at the first call.</summary>
    /// <exception cref="Akka.Configuration.ConfigurationException">The system's provider is not the cluster's.</exception>
    public static ActorServerCluster Get(ActorSystem system) => system.WithExtension<ActorServerCluster, ActorServerClusterExtension>();

    /// <summary>The role that makes a node a worker. HOCON <c>actor-server.cluster-worker.role</c>. <b>Default:</b> worker.</summary>
    public string WorkerRole { get; }

    /// <summary>How long a leaving worker waits for its requests to end before it cancels them. HOCON
    /// <c>actor-server.cluster-worker.drain-timeout</c>. <b>Default:</b> 4s.</summary>
    public TimeSpan DrainTimeout { get; }

    /// <summary>This node's worker; null on a node without the worker role.</summary>
    public IActorRef? Worker { get; }

    /// <summary>The package's reference configuration.</summary>
    internal static Config DefaultConfig { get; } =
        ConfigurationFactory.FromResource<ActorServerCluster>("ActorServer.Cluster.reference.conf");

    private static T Read<T>(Func<T> read, string key)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is FormatException or ConfigurationException or ArgumentException or OverflowException)
        {
            throw new ActorServerConfigurationException($"{WorkerPath}.{key}", null, e.Message);
        }
    }
}

/// <summary>The id of <see cref="ActorServerCluster"/>: what <c>akka.extensions</c> names to start it with the actor system.</summary>
public sealed class ActorServerClusterExtension : ExtensionIdProvider<ActorServerCluster>
{
    /// <summary>Makes the extension of <paramref name="system"/>.</summary>
    public override ActorServerCluster CreateExtension(ExtendedActorSystem system) => new(system);
}
