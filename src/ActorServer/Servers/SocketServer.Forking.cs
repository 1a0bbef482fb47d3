using ActorServer.Modes.Forking;

namespace ActorServer;

// Forking mode's one piece of server state: the bridge to its child processes, which outlives a run (its warm pool).
public abstract partial class SocketServer
{
    /// <summary>Python's <c>active_children</c>: the process ids of the live forked children (empty outside forking mode).</summary>
    public IReadOnlyCollection<int> ActiveChildren
    {
        get
        {
            lock (_gate)
                return _forkBridge?.ActiveChildren ?? [];
        }
    }

    /// <summary>The bridge to forked children, made at the first forking run.</summary>
    internal ForkBridge ForkBridge
    {
        get
        {
            lock (_gate)
                return _forkBridge ?? throw new InvalidOperationException($"Server {Name} has not served in forking mode.");
        }
    }

    /// <summary>The bridge to forked children, made with the first forking run's settings.</summary>
    internal ForkBridge ForkBridgeFor(ServerSettings settings)
    {
        lock (_gate)
            return _forkBridge ??= new ForkBridge(this, settings);
    }
}
