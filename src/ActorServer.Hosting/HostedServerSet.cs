using System.Runtime.CompilerServices;
using Akka.Hosting;

namespace ActorServer.Hosting;

/// <summary>
/// The servers added to one <see cref="AkkaConfigurationBuilder"/>, so that a clash of names or registry keys fails
/// while the host is built. Without this, a second server of the same name would merge silently into the first's HOCON.
/// </summary>
internal sealed class HostedServerSet
{
    // Weakly keyed: the builder has nowhere to hold extension state, and this must not keep a builder alive.
    private static readonly ConditionalWeakTable<AkkaConfigurationBuilder, HostedServerSet> OfBuilder = new();
    private readonly List<HostedServer> _servers = [];

    /// <summary>Records <paramref name="server"/> on <paramref name="builder"/>.</summary>
    /// <exception cref="ActorServerConfigurationException">A server of that name was already added.</exception>
    /// <exception cref="InvalidOperationException">Another server was already given the same registry key.</exception>
    public static void Add(AkkaConfigurationBuilder builder, HostedServer server) => OfBuilder.GetOrCreateValue(builder).Add(server);

    private void Add(HostedServer server)
    {
        if (_servers.Find(s => s.Name == server.Name) is { } sameName)
            throw new ActorServerConfigurationException(ServerDefinition.PathOf(server.Name), server.Name,
                $"WithSocketServer was already called with this name (handler {sameName.HandlerType.Name}); each server needs a name of its own");
        if (server.Key is not null && _servers.Find(s => s.Key == server.Key) is { } sameKey)
            throw new InvalidOperationException(
                $"Socket servers {sameKey.Name} and {server.Name} were both given the ActorRegistry key {server.Key.FullName}; give each server a key type of its own.");
        _servers.Add(server);
    }
}
