using ActorServer.Actors;
using ActorServer.Modes.Clustering;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;

namespace ActorServer.Cluster.Front;

/// <summary>
/// One server's way to its workers on a front node: the cluster-aware router, the tracker of reachable workers, and the
/// materializer of the requests' stream references. Each request is served by a <see cref="RemoteRequest"/>.
/// </summary>
internal sealed class ClusterBridge : IClusterBridge
{
    private readonly IActorRef _tracker;

    public ClusterBridge(SocketServer server, ServerSettings settings)
    {
        Server = server;
        ActorServerCluster.Get(server.System);
        Log = Logging.GetLogger(server.System, $"actor-server-{server.Name}.cluster");
        Workers = new WorkerSet();
        if (settings.Cluster.OnNoWorkers == NoWorkersPolicy.Pause)
        {
            // Closed until the tracker has seen a worker: a run that starts now accepts nothing it cannot serve.
            server.GateAdmissions(open: false, "no worker is reachable yet");
            Workers.AvailabilityChanged += available =>
                server.GateAdmissions(available, available ? "a worker is reachable" : "no worker is reachable (on-no-workers = pause)");
        }
        Router = ClusterRouter.Start(server, settings);
        _tracker = server.System.ActorOf(WorkerTracker.Props(Workers, settings.Cluster.WorkerRole), $"actor-server-{server.Name}-workers");
        Materializer = ActorMaterializer.Create(server.System, ActorServer.Flows.FlowMaterializer.Settings(server.System), $"actor-server-{server.Name}-cluster");
        RetrySafe = Attribute.IsDefined(server.HandlerType, typeof(RetrySafeAttribute), inherit: true);
    }

    public SocketServer Server { get; }

    public ILoggingAdapter Log { get; }

    public WorkerSet Workers { get; }

    public IActorRef Router { get; }

    public ActorMaterializer Materializer { get; }

    /// <summary>Whether the handler is marked <see cref="RetrySafeAttribute"/>.</summary>
    public bool RetrySafe { get; }

    public Task<RequestOutcome> ServeAsync(AcceptedRequest request, ServerSettings settings, CancellationToken aborted, Action? finishing) =>
        new RemoteRequest(this, request, settings, aborted).ServeAsync();

    public async ValueTask DisposeAsync()
    {
        Server.System.Stop(Router);
        try
        {
            await _tracker.GracefulStop(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TaskCanceledException)
        {
            // The system is stopping it anyway.
        }
        Materializer.Shutdown();
    }
}
