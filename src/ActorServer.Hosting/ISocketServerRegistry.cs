namespace ActorServer.Hosting;

/// <summary>
/// The socket servers of the host's actor system. A server's stable key is its name (its key under
/// <c>actor-server.servers</c>): servers may share a handler type, never a name. Take the registry by constructor
/// injection after <c>services.AddSocketServerRegistry()</c>, or from the actor system with
/// <c>SocketServerRegistry.For(system)</c>; both give the same instance.
/// </summary>
public interface ISocketServerRegistry
{
    /// <summary>The server named <paramref name="name"/>; its <see cref="SocketServerHandle.Bound"/> completes once it listens.</summary>
    /// <exception cref="ActorServerConfigurationException">No server of that name is defined.</exception>
    SocketServerHandle this[string name] { get; }

    /// <summary>Every server defined in the actor system's configuration (<c>actor-server.servers</c>).</summary>
    IReadOnlyList<SocketServerHandle> All { get; }

    /// <summary>The one server whose handler class is exactly <paramref name="handlerType"/>.</summary>
    /// <exception cref="AmbiguousSocketServerException">More than one server has that handler; the message names each of them.</exception>
    /// <exception cref="ActorServerConfigurationException">No server has that handler; the message lists the servers there are.</exception>
    SocketServerHandle ForHandler(Type handlerType);

    /// <inheritdoc cref="ForHandler(Type)"/>
    /// <typeparam name="THandler">The handler class the server was defined with.</typeparam>
    SocketServerHandle ForHandler<THandler>() where THandler : BaseRequestHandler;
}
