using Akka.Actor;
using Akka.Configuration;
using Akka.DependencyInjection;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace ActorServer.Hosting;

/// <summary>
/// Adds socket servers to an Akka.Hosting actor system: <c>builder.WithSocketServer&lt;EchoHandler&gt;("echo", "127.0.0.1:9999")</c>.
/// </summary>
/// <remarks>
/// Each call renders its options to <c>actor-server.servers.NAME</c> HOCON; when the actor system starts, the server
/// is created from that configuration (as a server defined in a file would be), bound, and served. Its handlers come
/// from the host's container (constructor injection); its guardian actor is registered in the <see cref="ActorRegistry"/>
/// under the handler type; <see cref="ISocketServerRegistry"/> tells where it listens; a readiness
/// health check reports it; it stops with the actor system's coordinated shutdown (so with the host).
/// </remarks>
public static class SocketServerHostingExtensions
{
    /// <summary>Adds a TCP server named <paramref name="name"/> on <paramref name="endpoint"/> (<c>127.0.0.1:9999</c>,
    /// <c>[::1]:0</c>, <c>*:9999</c>…), serving each request with a new <typeparamref name="THandler"/>.</summary>
    public static AkkaConfigurationBuilder WithSocketServer<THandler>(this AkkaConfigurationBuilder builder, string name, string endpoint)
        where THandler : BaseRequestHandler =>
        builder.WithSocketServer<THandler>(name, new SocketServerOptions { Endpoint = endpoint });

    /// <summary>Adds a server named <paramref name="name"/>, configured by <paramref name="configure"/>, serving each
    /// request with a new <typeparamref name="THandler"/>.</summary>
    public static AkkaConfigurationBuilder WithSocketServer<THandler>(this AkkaConfigurationBuilder builder, string name, Action<SocketServerOptions> configure)
        where THandler : BaseRequestHandler
    {
        var options = new SocketServerOptions();
        configure(options);
        return builder.WithSocketServer<THandler>(name, options);
    }

    /// <summary>Adds a server named <paramref name="name"/> with <paramref name="options"/>, serving each request with a
    /// new <typeparamref name="THandler"/>.</summary>
    /// <exception cref="ActorServerConfigurationException">The options (over the configuration so far) do not make a valid server.</exception>
    public static AkkaConfigurationBuilder WithSocketServer<THandler>(this AkkaConfigurationBuilder builder, string name, SocketServerOptions options)
        where THandler : BaseRequestHandler
    {
        var hocon = options.ToConfig(name, typeof(THandler));
        var soFar = builder.Configuration.HasValue ? builder.Configuration.Value : Config.Empty;
        // Fail while the host is being built, naming the key, rather than when the actor system starts.
        ServerDefinition.Create(hocon.WithFallback(soFar), name);

        builder.AddHocon(hocon, HoconAddMode.Prepend);
        if (!soFar.HasPath(ServerSettings.DefaultsPath))
            builder.AddHocon(ActorServerConfig.Default, HoconAddMode.Append);
        builder.WithActors((system, registry, resolver) => Start<THandler>(system, registry, resolver, name));
        if (options.AddReadinessCheck ?? true)
            builder.WithHealthCheck($"actor-server-{name}", new SocketServerReadinessCheck(name), HealthStatus.Unhealthy, ["ready", "actor-server"]);
        return builder;
    }

    private static void Start<THandler>(ActorSystem system, IActorRegistry registry, IDependencyResolver resolver, string name)
        where THandler : BaseRequestHandler
    {
        var services = resolver.GetService<IServiceProvider>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(SocketServerHostingExtensions).Namespace!);
        SocketServer server;
        try
        {
            server = ActorServerExtension.Get(system).Start(name, HostedHandlerFactory.Create(typeof(THandler), services));
        }
        catch (Exception e)
        {
            logger?.LogError(e, "Socket server {Name} could not start", name);
            throw;
        }
        if (!registry.TryRegister(typeof(THandler), server.Guardian!))
            logger?.LogWarning("Socket server {Name}: another server already registered {Handler} in the ActorRegistry; find this one through ISocketServerRegistry",
                name, typeof(THandler).Name);
        // The extension logs the start through Akka (into Microsoft.Extensions.Logging when the host bridges them).
        logger?.LogDebug("Socket server {Name} ({Handler}, {Mode}) listening on {Address}", name, typeof(THandler).Name, server.Mode, server.ServerAddress);
    }
}
