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
    public SocketServerHandle this[string name] => _handles.GetOrAdd(name, static (key, system) =>
    {
        var definition = ServerDefinition.Create(system.Settings.Config, key);
        return new SocketServerHandle(key, definition.HandlerType, ActorServerExtension.Get(system).WhenStarted(key));
    }, _system);

    /// <inheritdoc />
    public IReadOnlyList<SocketServerHandle> All => [.. ServerDefinition.Names(_system.Settings.Config).Select(name => this[name])];

    /// <inheritdoc />
    public SocketServerHandle ForHandler(Type handlerType)
    {
        var all = All;
        var matches = all.Where(handle => handle.HandlerType == handlerType).ToList();
        return matches switch
        {
            [var only] => only,
            [] => throw new ActorServerConfigurationException(ServerDefinition.ServersPath, handlerType.FullName,
                $"no server has this handler (defined: {(all.Count == 0 ? "none" : string.Join(", ", all.Select(h => $"{h.Name} ({h.HandlerType.Name})")))})"),
            _ => throw new AmbiguousSocketServerException(handlerType, [.. matches.Select(handle => handle.Name)]),
        };
    }

    /// <inheritdoc />
    public SocketServerHandle ForHandler<THandler>() where THandler : BaseRequestHandler => ForHandler(typeof(THandler));

    /// <summary>The names of the servers whose handler class is exactly <paramref name="handlerType"/>.</summary>
    internal IReadOnlyList<string> NamesWithHandler(Type handlerType) =>
        [.. All.Where(handle => handle.HandlerType == handlerType).Select(handle => handle.Name)];
}

/// <summary>Akka's provider for <see cref="SocketServerRegistry"/>.</summary>
public sealed class SocketServerRegistryProvider : ExtensionIdProvider<SocketServerRegistry>
{
    /// <inheritdoc />
    public override SocketServerRegistry CreateExtension(ExtendedActorSystem system) => new(system);
}
