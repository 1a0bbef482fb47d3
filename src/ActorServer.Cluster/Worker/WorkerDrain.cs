using Akka.Actor;

namespace ActorServer.Cluster.Worker;

/// <summary>A worker's part in coordinated shutdown: in <c>before-cluster-shutdown</c>, before the node leaves the cluster
/// (<c>cluster-leave</c>), the worker refuses new requests and waits for its requests in flight, up to the drain timeout.</summary>
internal static class WorkerDrain
{
    public static void Register(ActorSystem system, IActorRef worker, TimeSpan drainTimeout)
    {
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "actor-server-worker-drain", async () =>
        {
            // A little beyond the drain: the worker cancels what is left at its timeout and then answers.
            await worker.Ask<WorkerActor.Drained>(new WorkerActor.Drain(drainTimeout), drainTimeout + TimeSpan.FromSeconds(2)).ConfigureAwait(false);
            return Akka.Done.Instance;
        });
    }
}
