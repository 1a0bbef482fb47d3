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
/// from the host's container (constructor injection); <see cref="ISocketServerRegistry"/> finds it by name and tells
/// where it listens; a readiness health check reports it; it stops with the actor system's coordinated shutdown (so
/// with the host).
/// <para>
/// Its guardian actor goes in Akka.Hosting's <see cref="ActorRegistry"/>, which is keyed by type: under the handler
/// type when no other server has that handler (two servers of one handler leave that key empty rather than have the
/// first one win), and under <c>TKey</c> when the <c>WithSocketServer&lt;THandler, TKey&gt;</c> overloads give one.
/// </para>
/// </remarks>
public static class SocketServerHostingExtensions
{
    /// <summary>Adds a TCP server named <paramref name="name"/> on <paramref name="endpoint"/> (<c>127.0.0.1:9999</c>,
    /// <c>[::1]:0</c>, <c>*:9999</c>…), serving each request with a new <typeparamref name="THandler"/>.</summary>
    public static AkkaConfigurationBuilder WithSocketServer<THandler>(this AkkaConfigurationBuilder builder, string name, string endpoint)
        where THandler : BaseRequestHandler =>
        builder.AddServer(name, new SocketServerOptions { Endpoint = endpoint }, new HostedServer(name, typeof(THandler), Key: null));

    /// <summary>Adds a server named <paramref name="name"/>, configured by <paramref name="configure"/>, serving each
    /// request with a new <typeparamref name="THandler"/>.</summary>
    public static AkkaConfigurationBuilder WithSocketServer<THandler>(this AkkaConfigurationBuilder builder, string name, Action<SocketServerOptions> configure)
        where THandler : BaseRequestHandler =>
        builder.AddServer(name, Configured(configure), new HostedServer(name, typeof(THandler), Key: null));

    /// <summary>Adds a server named <paramref name="name"/> with <paramref name="options"/>, serving each request with a
    /// new <typeparamref name="THandler"/>.</summary>
    /// <exception cref="ActorServerConfigurationException">The options (over the configuration so far) do not make a valid
    /// server, or a server of that name was already added to this builder.</exception>
    public static AkkaConfigurationBuilder WithSocketServer<THandler>(this AkkaConfigurationBuilder builder, string name, SocketServerOptions options)
        where THandler : BaseRequestHandler =>
        builder.AddServer(name, options, new HostedServer(name, typeof(THandler), Key: null));

    /// <summary>Adds a TCP server named <paramref name="name"/> on <paramref name="endpoint"/>, serving each request with a
    /// new <typeparamref name="THandler"/>, its guardian registered in the <see cref="ActorRegistry"/> under
    /// <typeparamref name="TKey"/> (so <c>IRequiredActor&lt;TKey&gt;</c> reaches it even when another server has the same handler).</summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <typeparam name="TKey">The server's key in the <see cref="ActorRegistry"/>: any type, usually an empty marker class; one per server.</typeparam>
    public static AkkaConfigurationBuilder WithSocketServer<THandler, TKey>(this AkkaConfigurationBuilder builder, string name, string endpoint)
        where THandler : BaseRequestHandler =>
        builder.AddServer(name, new SocketServerOptions { Endpoint = endpoint }, new HostedServer(name, typeof(THandler), typeof(TKey)));

    /// <summary>Adds a server named <paramref name="name"/>, configured by <paramref name="configure"/>, serving each request
    /// with a new <typeparamref name="THandler"/>, its guardian registered in the <see cref="ActorRegistry"/> under <typeparamref name="TKey"/>.</summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <typeparam name="TKey">The server's key in the <see cref="ActorRegistry"/>: any type, usually an empty marker class; one per server.</typeparam>
    public static AkkaConfigurationBuilder WithSocketServer<THandler, TKey>(this AkkaConfigurationBuilder builder, string name, Action<SocketServerOptions> configure)
        where THandler : BaseRequestHandler =>
        builder.AddServer(name, Configured(configure), new HostedServer(name, typeof(THandler), typeof(TKey)));

    /// <summary>Adds a server named <paramref name="name"/> with <paramref name="options"/>, serving each request with a new
    /// <typeparamref name="THandler"/>, its guardian registered in the <see cref="ActorRegistry"/> under <typeparamref name="TKey"/>.</summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <typeparam name="TKey">The server's key in the <see cref="ActorRegistry"/>: any type, usually an empty marker class; one per server.</typeparam>
    /// <exception cref="ActorServerConfigurationException">The options do not make a valid server, or a server of that name was already added.</exception>
    /// <exception cref="InvalidOperationException">Another server of this builder was already given <typeparamref name="TKey"/>.</exception>
    public static AkkaConfigurationBuilder WithSocketServer<THandler, TKey>(this AkkaConfigurationBuilder builder, string name, SocketServerOptions options)
        where THandler : BaseRequestHandler =>
        builder.AddServer(name, options, new HostedServer(name, typeof(THandler), typeof(TKey)));

    private static SocketServerOptions Configured(Action<SocketServerOptions> configure)
    {
        var options = new SocketServerOptions();
        configure(options);
        return options;
    }

    private static AkkaConfigurationBuilder AddServer(this AkkaConfigurationBuilder builder, string name, SocketServerOptions options, HostedServer hosted)
    {
        // Fail while the host is being built, naming the key, rather than when the actor system starts. A clash of
        // names first: the validation below would read the new options over the old server's and blame a key.
        hosted = hosted with { CodeOnlyTls = options.Tls is { HasCodeOnlyMembers: true } tls ? tls : null };
        HostedServerSet.Add(builder, hosted);
        var hocon = options.ToConfig(name, hosted.HandlerType);
        var soFar = builder.Configuration.HasValue ? builder.Configuration.Value : Config.Empty;
        var definition = hosted.WithCodeOnlyMembers(ServerDefinition.Create(hocon.WithFallback(soFar), name));
        if (definition.Settings.Tls.CodeOnlyRefusal(definition.Settings.Mode, definition.ConfigPath + ".tls") is { } refusal)
            throw refusal;

        builder.AddHocon(hocon, HoconAddMode.Prepend);
        if (!soFar.HasPath(ServerSettings.DefaultsPath))
            builder.AddHocon(ActorServerConfig.Default, HoconAddMode.Append);
        builder.WithActors((system, registry, resolver) => Start(system, registry, resolver, hosted));
        if (options.AddReadinessCheck ?? true)
            builder.WithHealthCheck($"actor-server-{name}", new SocketServerReadinessCheck(name), HealthStatus.Unhealthy, ["ready", "actor-server"]);
        return builder;
    }

    private static void Start(ActorSystem system, IActorRegistry registry, IDependencyResolver resolver, HostedServer hosted)
    {
        var services = resolver.GetService<IServiceProvider>();
        var logger = services.GetService<ILoggerFactory>()?.CreateLogger(typeof(SocketServerHostingExtensions).Namespace!);
        SocketServer server;
        try
        {
            HostedServerKeys.EnsureFree(registry, hosted);
            var definition = hosted.WithCodeOnlyMembers(ServerDefinition.Create(system.Settings.Config, hosted.Name));
            server = ActorServerExtension.Get(system).Start(definition, HostedHandlerFactory.Create(hosted.HandlerType, services));
            HostedServerKeys.Register(registry, SocketServerRegistry.For(system), hosted, server.Guardian!, logger);
        }
        catch (Exception e)
        {
            logger?.LogError(e, "Socket server {Name} could not start", hosted.Name);
            throw;
        }
        // The extension logs the start through Akka (into Microsoft.Extensions.Logging when the host bridges them).
        logger?.LogDebug("Socket server {Name} ({Handler}, {Mode}) listening on {Address}", hosted.Name, hosted.HandlerType.Name, server.Mode, server.ServerAddress);
    }
}
