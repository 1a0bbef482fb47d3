using System.Collections.Concurrent;
using Akka.Actor;

namespace ActorServer.Hosting;

/// <summary>The <see cref="ISocketServerRegistry"/> of one actor system: an Akka extension, so every part of the host shares it.</summary>
public sealed class SocketServerRegistry : ISocketServerRegistry, IExtension
{
    private readonly ActorSystem _system;
    private readonly ConcurrentDictionary<string, SocketServerHandle> _handles = new(StringComparer.Ordinal);

    /// <summary>Created by Akka's extension mechanism; use <see cref="For"/>.</summary>
    public SocketServerRegistry(ActorSystem system) => _system = system;

    /// <summary>The registry of <paramref name="system"/>.</summary>
    public static SocketServerRegistry For(ActorSystem system) => system.WithExtension<SocketServerRegistry, SocketServerRegistryProvider>();

    /// <inheritdoc />
    public SocketServerHandle this[string name] => _handles.GetOrAdd(name,
        static (key, system) => new SocketServerHandle(key, ActorServerExtension.Get(system).WhenStarted(key)), _system);

    /// <inheritdoc />
    public IReadOnlyList<SocketServerHandle> All => [.. ServerDefinition.Names(_system.Settings.Config).Select(name => this[name])];
}

/// <summary>Akka's provider for <see cref="SocketServerRegistry"/>.</summary>
public sealed class SocketServerRegistryProvider : ExtensionIdProvider<SocketServerRegistry>
{
    /// <inheritdoc />
    public override SocketServerRegistry CreateExtension(ExtendedActorSystem system) => new(system);
}
