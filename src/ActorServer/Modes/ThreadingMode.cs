using ActorServer.Actors;
using Akka.Actor;

namespace ActorServer.Modes;

/// <summary>
/// Python's <c>ThreadingMixIn</c>: requests run concurrently, up to <c>max-connections</c>, on the handler dispatcher
/// (a dedicated pool by default), or on the .NET thread pool when <c>dispatcher = ""</c>.
/// </summary>
internal sealed class ThreadingMode : ServerMode
{
    public static readonly ThreadingMode Instance = new();

    public override string Name => "threading";

    public override int Capacity(ServerSettings settings) => settings.MaxConnections;

    public override string? HandlerDispatcher(ServerSettings settings) =>
        string.IsNullOrEmpty(settings.Dispatcher) ? null : settings.Dispatcher;

    public override void Validate(SocketServer server, ServerSettings settings)
    {
        if (HandlerDispatcher(settings) is { } dispatcher && !server.System.Dispatchers.HasDispatcher(dispatcher))
            throw new ActorServerConfigurationException(server.SettingsPath + ".dispatcher", dispatcher,
                "no dispatcher is configured under that path");
    }

    public override void Run(HandlerLaunch launch)
    {
        // The handler never runs on the connection actor: a blocking Handle() must not hold its mailbox (cancellation
        // has to get through), and its awaits must not hop through it.
        if (launch.SharedScheduler is { } scheduler)
            Task.Factory.StartNew(launch.Pipeline.RunAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
        else if (HandlerDispatcher(launch.Run.Settings) is { } dispatcher)
            launch.Context.ActorOf(HandlerHost.Props(launch.Pipeline.RunAsync, dispatcher), "handler");
        else
            PipelineRun.StartOnThreadPool(launch.Pipeline);
    }
}
