using ActorServer.Modes.Clustering;
using Akka.Actor;

namespace ActorServer;

// Cluster mode's one piece of server state: the bridge to the worker nodes, made at the first cluster-mode run.
public abstract partial class SocketServer
{
    private IClusterBridge? _clusterBridge;
    private volatile bool _admissionsGated;

    /// <summary>True while the serving mode has nowhere to run requests (cluster mode, <c>on-no-workers = pause</c>,
    /// without a reachable worker): a run starts with its admissions held back.</summary>
    internal bool AdmissionsGated => _admissionsGated;

    /// <summary>Holds admissions back (<paramref name="open"/> false) or lets them go again, in the run being served and
    /// the runs after it: the listener accepts nothing meanwhile, as at <c>max-connections</c>.</summary>
    internal void GateAdmissions(bool open, string cause)
    {
        IActorRef? guardian;
        lock (_gate)
        {
            _admissionsGated = !open;
            guardian = _guardian;
        }
        guardian?.Tell(new Actors.GateAdmissions(open, cause));
    }

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
