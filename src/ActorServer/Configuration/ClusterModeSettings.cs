namespace ActorServer;

/// <summary>
/// The settings of a server in cluster mode (<c>mode = cluster</c>), HOCON <c>cluster { … }</c> under the server: how a
/// request's worker node is chosen, and what the front node does when workers are missing or fail. See docs/cluster.md.
/// </summary>
public sealed record ClusterModeSettings
{
    /// <summary>The defaults, as <c>reference.conf</c> has them.</summary>
    public static readonly ClusterModeSettings Default = new();

    /// <summary>How a request's worker is chosen: Akka's cluster-aware <c>round-robin-group</c>, or its
    /// <c>consistent-hashing-group</c> keyed by the client's address (a client's requests go to one worker while the
    /// workers stay the same). An <c>akka.actor.deployment</c> entry for the server's router path takes precedence.
    /// HOCON <c>cluster.router</c>. <b>Default:</b> round-robin.</summary>
    public ClusterRouting Router { get; init; } = ClusterRouting.RoundRobin;

    /// <summary>The cluster role of the worker nodes. HOCON <c>cluster.worker-role</c>. <b>Default:</b> worker.</summary>
    public string WorkerRole { get; init; } = "worker";

    /// <summary>Whether this node's own worker, when the node has the worker role too, may serve its requests.
    /// HOCON <c>cluster.allow-local-routees</c>. <b>Default:</b> on.</summary>
    public bool AllowLocalRoutees { get; init; } = true;

    /// <summary>What the listener does while no worker is up and reachable. HOCON <c>cluster.on-no-workers</c>.
    /// <b>Default:</b> pause.</summary>
    public NoWorkersPolicy OnNoWorkers { get; init; } = NoWorkersPolicy.Pause;

    /// <summary>How long a worker has to take a request (answer that it serves it) before the request is tried on another
    /// worker or, none left, closed. HOCON <c>cluster.worker-timeout</c>. <b>Default:</b> 5s.</summary>
    public TimeSpan WorkerTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The chunks (each one socket read or one handler write) each direction of a connection holds in flight
    /// between the front and the worker: the stream references' buffer. Past it, the sender waits (back-pressure).
    /// HOCON <c>cluster.stream-buffer</c>. <b>Default:</b> 8.</summary>
    public int StreamBuffer { get; init; } = 8;

    /// <summary>The most bytes of a client's input kept, for a handler marked <see cref="RetrySafeAttribute"/>, to replay
    /// on another worker when its worker is lost before the request produced output; a request whose input grows past
    /// it is not retried. 0 never retries. HOCON <c>cluster.retry-buffer</c>. <b>Default:</b> 65536.</summary>
    public int RetryBuffer { get; init; } = 65536;
}

/// <summary>How cluster mode chooses a request's worker. HOCON <c>cluster.router</c>.</summary>
public enum ClusterRouting
{
    /// <summary>Each request to the next worker in turn (Akka's <c>round-robin-group</c>).</summary>
    RoundRobin,

    /// <summary>By the client's address (Akka's <c>consistent-hashing-group</c>): one client's requests go to one worker.</summary>
    ConsistentHashing,
}

/// <summary>What a cluster-mode front node does while no worker is reachable. HOCON <c>cluster.on-no-workers</c>.</summary>
public enum NoWorkersPolicy
{
    /// <summary>Accept nothing (clients wait in the listen backlog) until a worker is up and reachable again, as at
    /// <c>max-connections</c>.</summary>
    Pause,

    /// <summary>Accept and close each connection at once, with one rate-limited warning.</summary>
    Refuse,
}

/// <summary>
/// Marks a handler whose request may be served again from the start on another worker in cluster mode: when its
/// worker is lost (unreachable, left, crashed) before the request produced any output, the front node replays the
/// client's bytes so far (up to <c>cluster.retry-buffer</c>) to another worker, once. Mark only handlers whose effects
/// are safe to repeat: the first worker may have acted on the input before it was lost.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true, AllowMultiple = false)]
public sealed class RetrySafeAttribute : Attribute
{
}
