using ActorServer.Cluster.Front;
using ActorServer.Modes.Clustering;
using Akka.Actor;
using Akka.Cluster;

namespace ActorServer.Cluster;

/// <summary>The package's entry for the core, found by its name (<see cref="ClusterBridges.FactoryTypeName"/>): it checks a
/// cluster-mode server before it binds and makes its bridge.</summary>
internal sealed class ClusterBridgeFactory : IClusterBridgeFactory
{
    public void Validate(SocketServer server, ServerSettings settings)
    {
        if (server.System is not ExtendedActorSystem { Provider: ClusterActorRefProvider })
            throw new ActorServerConfigurationException(server.SettingsPath + ".mode", "cluster",
                $"cluster mode needs the cluster provider: set akka.actor.provider = cluster in the actor system's configuration (it is {server.System.Settings.ProviderClass})");
        ClusterRouter.Validate(server, settings);
    }

    public IClusterBridge Create(SocketServer server, ServerSettings settings) => new ClusterBridge(server, settings);
}
