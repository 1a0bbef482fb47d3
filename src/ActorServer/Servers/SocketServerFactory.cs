using Akka.Actor;

namespace ActorServer;

/// <summary>
/// Creates servers from their configuration: <c>SocketServerFactory.Create(system, "echo")</c> reads
/// <c>actor-server.servers.echo</c> of the system's configuration and returns the server bound and activated, ready for
/// <see cref="SocketServer.ServeForeverAsync(CancellationToken)"/>. To create and serve in one step, and find the
/// server later by name, use <see cref="ActorServerExtension"/>.
/// </summary>
public static class SocketServerFactory
{
    /// <summary>Creates, binds and activates the server defined at <c>actor-server.servers.NAME</c> of <paramref name="system"/>'s configuration.</summary>
    /// <exception cref="ActorServerConfigurationException">The definition is missing or wrong; the message names the key and the value.</exception>
    /// <exception cref="ServerBindException">The address cannot be bound.</exception>
    public static SocketServer Create(ActorSystem system, string name) =>
        Create(system, ServerDefinition.Create(system.Settings.Config, name));

    /// <summary>Creates, binds and activates the server <paramref name="definition"/> describes, in <paramref name="system"/>.</summary>
    /// <param name="handlerFactory">Makes each request's handler; null uses the handler type's public parameterless constructor.</param>
    /// <exception cref="ActorServerConfigurationException">No <paramref name="handlerFactory"/> was given and the handler type has no public parameterless constructor.</exception>
    /// <exception cref="ServerBindException">The address cannot be bound.</exception>
    public static SocketServer Create(ActorSystem system, ServerDefinition definition, Func<BaseRequestHandler>? handlerFactory = null)
    {
        var handlers = handlerFactory ?? DefaultHandlerFactory(definition);
        SocketServer server;
        try
        {
            // A host name resolves here, as the server is made.
            server = New(system, definition, handlers);
        }
        catch (ServerBindException e)
        {
            throw NamingItsKey(e, definition);
        }
        try
        {
            server.SettingsPath = definition.ConfigPath;
            server.ApplySettings(definition.Settings);
            // Everything is checked before anything binds: no server listens with a configuration it cannot serve.
            server.ValidatedSettings();
            server.ServerBind();
            server.ServerActivate();
        }
        catch (ServerBindException e)
        {
            server.CloseListener();
            throw NamingItsKey(e, definition);
        }
        catch
        {
            server.CloseListener();
            throw;
        }
        return server;
    }

    /// <summary>A bind failure of a configured server, with the key whose value could not be bound.</summary>
    private static ServerBindException NamingItsKey(ServerBindException e, ServerDefinition definition) =>
        new(e.Address, $"{e.Reason} (from {definition.ConfigPath}.{(definition.Path is null ? "endpoint" : "path")})", e.InnerException ?? e);

    /// <summary>The one place that maps a kind to its server class; every server is created unbound, so settings apply first.</summary>
    private static SocketServer New(ActorSystem system, ServerDefinition definition, Func<BaseRequestHandler> handlers) => definition.Kind switch
    {
        ServerKind.Tcp => new TcpServer(definition.Endpoint!, definition.HandlerType, handlers, bindAndActivate: false, system, definition.Name),
        ServerKind.Udp => new UdpServer(definition.Endpoint!, definition.HandlerType, handlers, bindAndActivate: false, system, definition.Name),
        ServerKind.UnixStream => new UnixStreamServer(definition.Path!, definition.HandlerType, handlers, bindAndActivate: false, system, definition.Name),
        ServerKind.UnixDatagram => new UnixDatagramServer(definition.Path!, definition.HandlerType, handlers, bindAndActivate: false, system, definition.Name),
        _ => throw new NotSupportedException($"Server {definition.Name} ({definition.ConfigPath}): no server class for kind {definition.Kind}."),
    };

    private static Func<BaseRequestHandler> DefaultHandlerFactory(ServerDefinition definition)
    {
        var type = definition.HandlerType;
        if (type.GetConstructor(Type.EmptyTypes) is null)
            throw new ActorServerConfigurationException(definition.ConfigPath + ".handler", $"{type.FullName}, {type.Assembly.GetName().Name}",
                $"{type.Name} has no public parameterless constructor: pass a handler factory, or host the server with ActorServer.Hosting, which injects constructor dependencies");
        return HandlerActivator.For(type);
    }
}
