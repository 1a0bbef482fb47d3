using ActorServer.Actors;
using Akka.Actor;

namespace ActorServer.Modes;

/// <summary>
/// Python's <c>ThreadingMixIn</c>: requests run concurrently, up to <c>max-connections</c>, on the handler dispatcher
/// (a dedicated pool by default), or on the .NET thread pool when <c>dispatcher = ""</c>. The default's dedicated
/// threads are there for handlers that block, so a handler that is asynchronous only (<see cref="HandlerSurface"/>)
/// does not use them under the default: a stream server's runs on the thread pool, and a datagram server's on its
/// datagram's own actor. Waking a dedicated thread for each request, and for each await that waited, cost a third of
/// the server's CPU (see docs/performance.md).
/// </summary>
internal sealed class ThreadingMode : ServerMode
{
    public static readonly ThreadingMode Instance = new();

    public override string Name => "threading";

    public override int Capacity(ServerSettings settings) => settings.MaxConnections;

    public override string? HandlerDispatcher(SocketServer server, ServerSettings settings) =>
        string.IsNullOrEmpty(settings.Dispatcher) || AsynchronousUnderDefault(server, settings) ? null : settings.Dispatcher;

    public override bool RunsHandlerOnActor(SocketServer server, ServerSettings settings) =>
        server is DatagramServer && AsynchronousUnderDefault(server, settings);

    private static bool AsynchronousUnderDefault(SocketServer server, ServerSettings settings) =>
        settings.Dispatcher == ServerSettings.DefaultDispatcher && HandlerSurface.IsAsynchronous(server.HandlerType);

    public override void Validate(SocketServer server, ServerSettings settings)
    {
        if (HandlerDispatcher(server, settings) is { } dispatcher && !server.System.Dispatchers.HasDispatcher(dispatcher))
            throw new ActorServerConfigurationException(server.SettingsPath + ".dispatcher", dispatcher,
                "no dispatcher is configured under that path");
    }

    public override void Run(HandlerLaunch launch)
    {
        // A handler that may block never runs on the connection actor: a blocking Handle() must not hold its mailbox
        // (cancellation has to get through). An asynchronous datagram handler starts on it, and its awaits that wait
        // continue on the thread pool, not through the mailbox: its whole life is often one send that completes at once,
        // and then the request costs the actor's one turn.
        if (launch.Run.HandlerRunsOnActor)
            _ = launch.Pipeline.RunAsync();
        else if (launch.SharedScheduler is { } scheduler)
            Task.Factory.StartNew(launch.Pipeline.RunAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
        else if (launch.Run.HandlerDispatcher is { } dispatcher)
            launch.Context.ActorOf(HandlerHost.Props(launch.Pipeline.RunAsync, dispatcher), "handler");
        else
            PipelineRun.StartOnThreadPool(launch.Pipeline);
    }
}
