namespace ActorServer.Modes.Clustering;

/// <summary>Finds the ActorServer.Cluster package's bridge factory by its type name, so that the core need not reference
/// Akka.Cluster and an application configured by HOCON alone needs only to reference the package.</summary>
internal static class ClusterBridges
{
    /// <summary>The factory's assembly-qualified name; the ActorServer.Cluster assembly defines it.</summary>
    public const string FactoryTypeName = "ActorServer.Cluster.ClusterBridgeFactory, ActorServer.Cluster";

    private static readonly Lazy<IClusterBridgeFactory?> Found = new(Load);

    /// <summary>The package's factory.</summary>
    /// <param name="modeKey">The server's <c>mode</c> key, which the error names.</param>
    /// <exception cref="ActorServerConfigurationException">The ActorServer.Cluster assembly cannot be loaded.</exception>
    public static IClusterBridgeFactory Factory(string modeKey) =>
        Found.Value ?? throw new ActorServerConfigurationException(modeKey, "cluster",
            "cluster mode needs the ActorServer.Cluster package: add a reference to it (dotnet add package ActorServer.Cluster) and set akka.actor.provider = cluster");

    private static IClusterBridgeFactory? Load()
    {
        try
        {
            return Type.GetType(FactoryTypeName, throwOnError: false) is { } type ? (IClusterBridgeFactory?)Activator.CreateInstance(type, nonPublic: true) : null;
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or TypeLoadException)
        {
            return null;
        }
    }
}
