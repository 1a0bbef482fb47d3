using Akka.Actor;

namespace ActorServer.Cluster;

/// <summary>
/// Where a handler runs in cluster mode: on a worker node, its <see cref="BaseRequestHandler.Server"/> is null (the server
/// is on the front node), and this tells it the worker's actor system (to reach Cluster Sharding, say) and node. Set for
/// the handler's Setup, Handle and Finish (and a flow handler's <c>CreateFlow</c>); null outside a worker's request.
/// </summary>
public sealed record WorkerContext(ActorSystem System, Address Node, string Server)
{
    private static readonly AsyncLocal<WorkerContext?> CurrentValue = new();

    /// <summary>The worker context of the request whose handler code is running; null outside one.</summary>
    public static WorkerContext? Current
    {
        get => CurrentValue.Value;
        internal set => CurrentValue.Value = value;
    }
}
