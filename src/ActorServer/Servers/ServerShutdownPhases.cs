using Akka;
using Akka.Actor;
using Akka.Event;

namespace ActorServer;

/// <summary>
/// Joins a server to its actor system's <see cref="CoordinatedShutdown"/>, through the same steps as
/// <see cref="SocketServer.ShutdownAsync"/> and <see cref="SocketServer.DisposeAsync"/>:
/// <c>service-unbind</c> stops accepting and closes the listening socket, <c>service-requests-done</c> waits for the
/// requests in flight (cancelling them after the drain timeout), <c>service-stop</c> stops the server's actors and reaps
/// its forked children.
/// </summary>
/// <remarks>
/// Coordinated shutdown keeps its tasks for the life of the system, so they hold the server weakly: a server that was
/// disposed and dropped is not kept alive by them. Every step is idempotent, so a server disposed before (or while)
/// the system shuts down is simply passed over.
/// </remarks>
internal static class ServerShutdownPhases
{
    public static void Join(SocketServer server)
    {
        var shutdown = CoordinatedShutdown.Get(server.System);
        var weak = new WeakReference<SocketServer>(server);
        var name = server.Name;
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, $"actor-server-{name}-unbind", () => Step(weak, UnbindAsync));
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, $"actor-server-{name}-drain", () => Step(weak, s => DrainAsync(s, shutdown)));
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, $"actor-server-{name}-stop", () => Step(weak, s => s.CloseAsync()));
    }

    private static async Task<Done> Step(WeakReference<SocketServer> weak, Func<SocketServer, Task> step)
    {
        if (weak.TryGetTarget(out var server))
            await step(server).ConfigureAwait(false);
        return Done.Instance;
    }

    private static async Task UnbindAsync(SocketServer server)
    {
        await server.StopAcceptingAsync().ConfigureAwait(false);
        // A server refused before it bound (a bad setting) or closed earlier has nothing to report here.
        if (server.CloseListener())
            server.System.Log.Info("Server {0} stopped accepting and closed {1} (coordinated shutdown)", server.Name, server.ServerAddress);
    }

    private static async Task DrainAsync(SocketServer server, CoordinatedShutdown shutdown)
    {
        if (server.CurrentRun is not { } run)
            return;
        var phaseTimeout = shutdown.Timeout(CoordinatedShutdown.PhaseServiceRequestsDone);
        if (run.Settings.DrainTimeout >= phaseTimeout)
            server.System.Log.Warning(
                "Server {0}: drain-timeout ({1}) is not shorter than akka.coordinated-shutdown.phases.service-requests-done.timeout ({2}); " +
                "requests still running when that phase ends are stopped with the server's actors instead of being cancelled",
                server.Name, run.Settings.DrainTimeout, phaseTimeout);
        await server.DrainAsync(run).ConfigureAwait(false);
    }
}
