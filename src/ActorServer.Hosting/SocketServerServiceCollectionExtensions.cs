using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActorServer.Hosting;

/// <summary>Registers <see cref="ISocketServerRegistry"/> in the host's container.</summary>
public static class SocketServerServiceCollectionExtensions
{
    /// <summary>
    /// Lets services take <see cref="ISocketServerRegistry"/> by constructor injection. (Akka.Hosting runs
    /// <c>WithSocketServer</c> when the actor system starts, after the container is built, so it cannot register this
    /// itself; without it, <c>SocketServerRegistry.For(system)</c> gives the same registry.)
    /// </summary>
    public static IServiceCollection AddSocketServerRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton<ISocketServerRegistry>(sp => SocketServerRegistry.For(sp.GetRequiredService<ActorSystem>()));
        return services;
    }
}
