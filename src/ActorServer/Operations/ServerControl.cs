using Akka.Actor;

namespace ActorServer;

// The messages an operator (or an application) sends a server's guardian actor (SocketServer.Guardian, or a
// SocketServerHandle's) to steer it while it serves. Each has a reply; a command that cannot be done is answered with
// Status.Failure naming why. The server's methods (SuspendAsync, ResumeAsync, SetMaxConnectionsAsync, GetStatusAsync)
// send these and wait for the reply.

/// <summary>Stop accepting new requests without dropping the ones in flight (Ranch's <c>suspend_listener</c>). A stream
/// server closes its listening socket, so connecting clients are refused; a datagram server stops reading its socket.
/// Replies <see cref="ServerSuspended"/> (also when suspended already); <see cref="Status.Failure"/> when the server is
/// not serving forever.</summary>
public sealed record SuspendServer
{
    /// <summary>The one instance.</summary>
    public static readonly SuspendServer Instance = new();
}

/// <summary>Accept again after <see cref="SuspendServer"/>, on the same address (and port, port 0 included). Replies
/// <see cref="ServerResumed"/> (also when not suspended); <see cref="Status.Failure"/> when the address cannot be bound
/// again (the server stays suspended) or the server is not serving.</summary>
public sealed record ResumeServer
{
    /// <summary>The one instance.</summary>
    public static readonly ResumeServer Instance = new();
}

/// <summary>Change the most requests in flight at once for the run in progress. Lowered, nothing more is admitted until
/// fewer than <paramref name="MaxConnections"/> are in flight (none is dropped); raised, the clients waiting in the
/// backlog are admitted at once. Replies <see cref="MaxConnectionsSet"/>; <see cref="Status.Failure"/> for a value below
/// 1 or a server in synchronous mode (which serves one request at a time).</summary>
/// <remarks>Sent to the actor, it changes the run in progress only; <see cref="SocketServer.SetMaxConnectionsAsync"/>
/// also keeps it as the server's setting for its next runs.</remarks>
public sealed record SetMaxConnections(int MaxConnections);

/// <summary>Ask for a <see cref="ServerStatus"/> snapshot. Always answered.</summary>
public sealed record GetServerStatus
{
    /// <summary>The one instance.</summary>
    public static readonly GetServerStatus Instance = new();
}

/// <summary>The reply to <see cref="SuspendServer"/>: the server accepts nothing more until resumed.</summary>
public sealed record ServerSuspended
{
    /// <summary>The one instance.</summary>
    public static readonly ServerSuspended Instance = new();
}

/// <summary>The reply to <see cref="ResumeServer"/>: the server is accepting again.</summary>
public sealed record ServerResumed
{
    /// <summary>The one instance.</summary>
    public static readonly ServerResumed Instance = new();
}

/// <summary>The reply to <see cref="SetMaxConnections"/>: <paramref name="Capacity"/> is the limit now applied (in
/// forking mode no more than <c>max-children</c>).</summary>
public sealed record MaxConnectionsSet(int MaxConnections, int Capacity);
