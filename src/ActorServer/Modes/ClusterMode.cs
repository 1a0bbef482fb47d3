using ActorServer.Actors;
using ActorServer.Modes.Clustering;

namespace ActorServer.Modes;

/// <summary>
/// Cluster mode: the listening socket and each connection stay on this node (the front), and each request's handler runs
/// on a worker node of the Akka.Cluster, reached through the bridge the ActorServer.Cluster package provides. The core
/// knows the bridge by its interface only (<see cref="IClusterBridge"/>), so it does not depend on Akka.Cluster.
/// </summary>
internal sealed class ClusterMode : ServerMode
{
    public static readonly ClusterMode Instance = new();

    public override string Name => "cluster";

    public override int Capacity(ServerSettings settings) => settings.MaxConnections;

    public override void Validate(SocketServer server, ServerSettings settings)
    {
        var modeKey = server.SettingsPath + ".mode";
        if (server is DatagramServer)
            throw new ActorServerConfigurationException(modeKey, "cluster", "cluster mode serves stream servers (tcp, unix-stream), not datagrams");
        if (server.HandlerType == typeof(BaseRequestHandler))
            throw new InvalidOperationException("Cluster mode needs a handler type that a worker node can create by name, not a handler factory.");
        if (settings.Tls.IsEnabled)
            throw new ActorServerConfigurationException(server.SettingsPath + ".tls.certificate.path", settings.Tls.Certificate.Path,
                "TLS is not served in cluster mode yet: terminate TLS in front of the cluster, or serve in threading mode");
        ClusterBridges.Factory(modeKey).Validate(server, settings);
    }

    /// <summary>The handler runs on a worker node, which materializes a flow handler's flow itself.</summary>
    public override bool RunsHandlerHere => false;

    public override void Prepare(SocketServer server, ServerSettings settings) => server.ClusterBridgeFor(settings);

    public override void Run(HandlerLaunch launch) =>
        RunElsewhere(launch, () => launch.Run.Server.ClusterBridge.ServeAsync(launch.Request, launch.Run.Settings, launch.Aborted, launch.Finishing));

    public override string WhatTimingOutDoes(bool datagram) => "cancelled on its worker, and its connection closed";
}
