using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorServer.Hosting;

/// <summary>
/// Where a hosted server's guardian goes in Akka.Hosting's <see cref="ActorRegistry"/>, which is keyed by type, not by
/// name. Under its handler type only while no other server has that handler, so a lookup by type never gets one of
/// several servers (whichever started first); and under the key type the server was given, which must be free.
/// </summary>
internal static class HostedServerKeys
{
    /// <summary>Fails before the server binds when its key is already held (by an actor of the application).</summary>
    /// <exception cref="InvalidOperationException">The key is taken; the message names its holder.</exception>
    public static void EnsureFree(IActorRegistry registry, HostedServer hosted)
    {
        if (hosted.Key is { } key && registry.TryGet(key, out var holder))
            throw KeyTaken(hosted, key, holder);
    }

    /// <summary>Registers <paramref name="guardian"/> under the keys <paramref name="hosted"/> is entitled to.</summary>
    /// <exception cref="InvalidOperationException">The server's own key was taken meanwhile.</exception>
    public static void Register(IActorRegistry registry, SocketServerRegistry servers, HostedServer hosted, IActorRef guardian, ILogger? logger)
    {
        var sharing = servers.NamesWithHandler(hosted.HandlerType);
        if (sharing.Count > 1)
        {
            // Expected when a user serves one handler twice, so not a warning; but a lookup by the handler type would
            // wait for nothing, and this line says why.
            logger?.Log(hosted.Key is null ? LogLevel.Information : LogLevel.Debug,
                "Socket server {Name} is not in the ActorRegistry under its handler {Handler}, which servers {Servers} share; " +
                "reach it by name through ISocketServerRegistry{KeyHint}",
                hosted.Name, hosted.HandlerType.Name, string.Join(", ", sharing),
                hosted.Key is null ? " or give it a key of its own with WithSocketServer<THandler, TKey>" : $" or by its key {hosted.Key.Name}");
        }
        else if (!registry.TryRegister(hosted.HandlerType, guardian))
        {
            logger?.LogWarning("Socket server {Name} is not in the ActorRegistry under its handler {Handler}: the application registered another actor under that key",
                hosted.Name, hosted.HandlerType.Name);
        }

        if (hosted.Key is { } key && !registry.TryRegister(key, guardian))
            throw KeyTaken(hosted, key, registry.TryGet(key, out var holder) ? holder : ActorRefs.Nobody);
    }

    private static InvalidOperationException KeyTaken(HostedServer hosted, Type key, IActorRef holder) =>
        new($"Socket server {hosted.Name} cannot be registered in the ActorRegistry under {key.FullName}: that key already holds {holder.Path}. " +
            "Give the server a key type of its own.");
}
