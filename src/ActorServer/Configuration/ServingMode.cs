namespace ActorServer;

/// <summary>
/// How a server runs its requests: the C# form of Python's <c>ThreadingMixIn</c> and <c>ForkingMixIn</c>.
/// HOCON: <c>mode = synchronous | threading | forking | cluster</c>.
/// </summary>
public enum ServingMode
{
    /// <summary>One request at a time, as <c>socketserver.TCPServer</c>: the next connection is accepted when the current request has finished.</summary>
    Synchronous,

    /// <summary>Requests run concurrently, each in its own connection actor, up to <c>max-connections</c>.</summary>
    Threading,

    /// <summary>Each request runs in a child OS process.</summary>
    Forking,

    /// <summary>Each request's handler runs on a worker node of an Akka.Cluster, chosen by a cluster-aware router; the
    /// socket stays on this node and the bytes cross as stream references. Needs the ActorServer.Cluster package and
    /// <c>akka.actor.provider = cluster</c> (see docs/cluster.md).</summary>
    Cluster,
}
