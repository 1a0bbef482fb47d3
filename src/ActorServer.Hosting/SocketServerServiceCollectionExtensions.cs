using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ActorServer.Hosting;

/// <summary>Registers <see cref="ISocketServerRegistry"/> in the host's container.</summary>
public static class SocketServerServiceCollectionExtensions
{
    /// <summary>
    /// Lets services and handlers take <see cref="ISocketServerRegistry"/> by constructor injection; calling it more than
    /// once registers it once. It chains after <c>AddAkka</c>: <c>services.AddAkka("app", …).AddSocketServerRegistry()</c>.
    /// </summary>
    /// <remarks>
    /// <c>WithSocketServer</c> cannot do this itself. Akka.Hosting runs the <c>AddAkka</c> delegate, where
    /// <c>WithSocketServer</c> is called, only when the built container first resolves the actor system, so a service
    /// registered from there would come too late to be seen; and <c>AkkaConfigurationBuilder</c> keeps its
    /// <see cref="IServiceCollection"/> internal. Without this call, <c>SocketServerRegistry.For(actorSystem)</c> gives
    /// the same registry to any code holding the (injectable) <see cref="ActorSystem"/>.
    /// </remarks>
    public static IServiceCollection AddSocketServerRegistry(this IServiceCollection services)
    {
        services.TryAddSingleton<ISocketServerRegistry>(sp => SocketServerRegistry.For(sp.GetRequiredService<ActorSystem>()));
        return services;
    }
}
