using ActorServer.Actors;

namespace ActorServer.Modes.Clustering;

/// <summary>One server's way to its worker nodes in cluster mode, made by the ActorServer.Cluster package. As
/// <see cref="Forking.ForkBridge"/> is to forking mode: the connection actor hands it each request and gets the outcome.</summary>
internal interface IClusterBridge : IAsyncDisposable
{
    /// <summary>Serves one request on a worker node. Never throws: every failure comes back as the outcome. Cancelling
    /// <paramref name="aborted"/> ends the request on its worker and resets its connection.</summary>
    Task<RequestOutcome> ServeAsync(AcceptedRequest request, ServerSettings settings, CancellationToken aborted, Action? finishing);
}

/// <summary>What the ActorServer.Cluster package provides to the core: the checks a cluster-mode server must pass before
/// it binds, and its bridge.</summary>
internal interface IClusterBridgeFactory
{
    /// <summary>Throws <see cref="ActorServerConfigurationException"/> for a setting (or an actor system) cluster mode
    /// cannot serve with.</summary>
    void Validate(SocketServer server, ServerSettings settings);

    /// <summary>The bridge of <paramref name="server"/>, made at its first cluster-mode run.</summary>
    IClusterBridge Create(SocketServer server, ServerSettings settings);
}
