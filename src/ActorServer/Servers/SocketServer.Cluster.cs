using ActorServer.Modes.Clustering;

namespace ActorServer;

// Cluster mode's one piece of server state: the bridge to the worker nodes, made at the first cluster-mode run.
public abstract partial class SocketServer
{
    private IClusterBridge? _clusterBridge;

    /// <summary>The bridge to the worker nodes.</summary>
    internal IClusterBridge ClusterBridge
    {
        get
        {
            lock (_gate)
                return _clusterBridge ?? throw new InvalidOperationException($"Server {Name} has not served in cluster mode.");
        }
    }

    /// <summary>The bridge to the worker nodes, made with the first cluster-mode run's settings.</summary>
    internal IClusterBridge ClusterBridgeFor(ServerSettings settings)
    {
        lock (_gate)
            return _clusterBridge ??= ClusterBridges.Factory(SettingsPath + ".mode").Create(this, settings);
    }
}
