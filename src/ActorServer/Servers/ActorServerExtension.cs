using Akka.Actor;
using Akka.Event;
using Akka.Streams;

namespace ActorServer;

/// <summary>
/// The servers an actor system runs, by name: <c>ActorServerExtension.Get(system).Start("echo")</c> creates the server
/// defined at <c>actor-server.servers.echo</c>, binds it and serves it until the system's coordinated shutdown (or
/// <see cref="SocketServer.DisposeAsync"/>) stops it. <see cref="StartAll"/> starts every defined server.
/// </summary>
public sealed class ActorServerExtension : IExtension
{
    private readonly ExtendedActorSystem _system;
    private readonly object _gate = new();
    private readonly Dictionary<string, TaskCompletionSource<SocketServer>> _started = new(StringComparer.Ordinal);

    private IMaterializer? _flowMaterializer;

    /// <summary>Created by Akka's extension mechanism; use <see cref="Get"/>.</summary>
    public ActorServerExtension(ExtendedActorSystem system) => _system = system;

    /// <summary>The materializer of flow handlers whose connection actor has none of its own (a handler made by an
    /// untyped factory); it lives as long as the system.</summary>
    internal IMaterializer FlowMaterializer
    {
        get
        {
            lock (_gate)
                return _flowMaterializer ??= _system.Materializer(Flows.FlowMaterializer.Settings(_system), namePrefix: "actor-server-flow");
        }
    }

    /// <summary>The extension of <paramref name="system"/>.</summary>
    public static ActorServerExtension Get(ActorSystem system) =>
        system.WithExtension<ActorServerExtension, ActorServerExtensionProvider>();

    /// <summary>The servers started through this extension, in the order they started.</summary>
    public IReadOnlyList<SocketServer> Servers
    {
        get
        {
            lock (_gate)
                return [.. _started.Values.Where(s => s.Task.IsCompletedSuccessfully).Select(s => s.Task.Result)];
        }
    }

    /// <summary>Creates, binds and serves the server defined at <c>actor-server.servers.NAME</c>.</summary>
    /// <param name="handlerFactory">Makes each request's handler; null uses the handler type's public parameterless constructor.</param>
    /// <returns>The server, bound (its <see cref="SocketServer.ServerAddress"/> has the real port) and serving.</returns>
    /// <exception cref="ActorServerConfigurationException">The definition is missing or wrong.</exception>
    /// <exception cref="ServerBindException">The address cannot be bound.</exception>
    /// <exception cref="InvalidOperationException">A server of that name was already started.</exception>
    public SocketServer Start(string name, Func<BaseRequestHandler>? handlerFactory = null) =>
        Start(ServerDefinition.Create(_system.Settings.Config, name), handlerFactory);

    /// <inheritdoc cref="Start(string, Func{BaseRequestHandler})"/>
    public SocketServer Start(ServerDefinition definition, Func<BaseRequestHandler>? handlerFactory = null)
    {
        var slot = Claim(definition.Name);
        SocketServer server;
        try
        {
            server = SocketServerFactory.Create(_system, definition, handlerFactory);
        }
        catch (Exception e)
        {
            slot.TrySetException(e);
            throw;
        }
        var serving = server.ServeForeverAsync();
        _system.Log.Info("Server {0} ({1}, {2}, {3}) listening on {4}",
            server.Name, ServerDefinition.Kebab(definition.Kind), server.HandlerType.Name, SettingsReader.KebabCase(server.Mode.ToString()), server.ServerAddress);
        serving.ContinueWith(
            t => _system.Log.Error(t.Exception?.GetBaseException(), "Server {0} stopped serving because of a failure", server.Name),
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        slot.TrySetResult(server);
        return server;
    }

    /// <summary>Starts every server defined under <c>actor-server.servers</c>; all definitions are validated before any starts.</summary>
    public IReadOnlyList<SocketServer> StartAll() =>
        [.. ServerDefinition.CreateAll(_system.Settings.Config).Select(definition => Start(definition))];

    /// <summary>
    /// Completes with the server named <paramref name="name"/> once it is bound and serving (at once if it is), or fails
    /// if starting it failed: how code that starts before the server learns its address.
    /// </summary>
    /// <exception cref="ActorServerConfigurationException">No server of that name is defined in the configuration.</exception>
    public Task<SocketServer> WhenStarted(string name)
    {
        lock (_gate)
        {
            if (_started.TryGetValue(name, out var slot))
                return slot.Task;
            // Only a defined server will ever start: a typo fails here instead of waiting forever.
            ServerDefinition.Create(_system.Settings.Config, name);
            return (_started[name] = NewSlot()).Task;
        }
    }

    private TaskCompletionSource<SocketServer> Claim(string name)
    {
        lock (_gate)
        {
            if (_started.TryGetValue(name, out var slot))
            {
                if (slot.Task.IsCompletedSuccessfully)
                    throw new InvalidOperationException($"A server named {name} was already started in actor system {_system.Name}.");
                if (!slot.Task.IsFaulted)
                    return slot;
            }
            return _started[name] = NewSlot();
        }
    }

    private static TaskCompletionSource<SocketServer> NewSlot() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Akka's provider for <see cref="ActorServerExtension"/>.</summary>
public sealed class ActorServerExtensionProvider : ExtensionIdProvider<ActorServerExtension>
{
    /// <inheritdoc />
    public override ActorServerExtension CreateExtension(ExtendedActorSystem system) => new(system);
}
