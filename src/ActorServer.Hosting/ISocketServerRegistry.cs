namespace ActorServer.Hosting;

/// <summary>
/// The socket servers of the host's actor system, by name. Take it by constructor injection (after
/// <c>services.AddSocketServerRegistry()</c>) or from the actor system (<c>SocketServerRegistry.For(system)</c>).
/// </summary>
public interface ISocketServerRegistry
{
    /// <summary>The server named <paramref name="name"/>; its <see cref="SocketServerHandle.Bound"/> completes once it listens.</summary>
    /// <exception cref="ActorServerConfigurationException">No server of that name is defined.</exception>
    SocketServerHandle this[string name] { get; }

    /// <summary>Every server defined in the actor system's configuration (<c>actor-server.servers</c>).</summary>
    IReadOnlyList<SocketServerHandle> All { get; }
}
