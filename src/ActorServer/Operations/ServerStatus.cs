using System.Net;

namespace ActorServer;

/// <summary>What a server is doing, as <see cref="ServerStatus.State"/> reports it.</summary>
public enum ServerState
{
    /// <summary>Not serving: before <c>ServeForeverAsync</c>, after it ended, or closed.</summary>
    Stopped,

    /// <summary>Accepting and serving requests.</summary>
    Serving,

    /// <summary>Serving the requests in flight but accepting none (<see cref="SuspendServer"/>).</summary>
    Suspended,

    /// <summary>Shutting down: accepting nothing, waiting for the requests in flight to finish.</summary>
    Draining,
}

/// <summary>A snapshot of one server: its state, limits, counts since it was created, and its live requests.</summary>
/// <param name="Name">The server's name.</param>
/// <param name="State">What it is doing.</param>
/// <param name="Address">Its bound address (port 0 resolved).</param>
/// <param name="MaxConnections">The <c>max-connections</c> in force.</param>
/// <param name="Capacity">The most requests it runs at once now: <c>max-connections</c>, 1 in synchronous mode, at
/// most <c>max-children</c> in forking mode.</param>
/// <param name="Live">Requests in flight.</param>
/// <param name="Queued">Requests waiting at the limit: accepted and held, plus (TCP on Linux) connections completed by
/// the kernel and waiting in the listen backlog.</param>
/// <param name="Accepted">Requests taken from the socket (connections accepted, datagrams received).</param>
/// <param name="Refused">Requests closed unserved by <c>VerifyRequest</c> (or the peer-credential check of an abstract
/// Unix socket).</param>
/// <param name="Failed">Requests whose handler failed (a client's reset included).</param>
/// <param name="TimedOut">Requests ended by <c>request-timeout</c> or <c>finish-timeout</c>.</param>
/// <param name="BytesReceived">Bytes read from clients through the handlers' streams, flows and datagrams.</param>
/// <param name="BytesSent">Bytes sent to clients the same ways.</param>
/// <param name="ActiveChildren">Process ids of the live forked children (forking mode).</param>
/// <param name="Connections">The live requests, oldest first.</param>
public sealed record ServerStatus(
    string Name,
    ServerState State,
    EndPoint Address,
    int MaxConnections,
    int Capacity,
    int Live,
    int Queued,
    long Accepted,
    long Refused,
    long Failed,
    long TimedOut,
    long BytesReceived,
    long BytesSent,
    IReadOnlyList<int> ActiveChildren,
    IReadOnlyList<ConnectionStatus> Connections);

/// <summary>One live request in a <see cref="ServerStatus"/>.</summary>
/// <param name="Client">The client's address; null for an unnamed Unix client.</param>
/// <param name="Age">How long ago it was accepted.</param>
/// <param name="BytesReceived">Bytes read from the client so far.</param>
/// <param name="BytesSent">Bytes sent to the client so far.</param>
public sealed record ConnectionStatus(EndPoint? Client, TimeSpan Age, long BytesReceived, long BytesSent);
