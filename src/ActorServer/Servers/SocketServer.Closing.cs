using ActorServer.Actors;
using ActorServer.Modes.Forking;
using Akka.Actor;

namespace ActorServer;

// The shutdown steps every path shares (ShutdownAsync, DisposeAsync, coordinated shutdown): stop accepting, drain, close.
public abstract partial class SocketServer
{
    /// <summary>
    /// The first step of every shutdown path (<see cref="ShutdownAsync"/>, <see cref="DisposeAsync"/>, coordinated
    /// shutdown): the listener stops accepting and starts draining. Returns the run being stopped, or null if none was.
    /// </summary>
    internal async Task<ServingRun?> StopAcceptingAsync()
    {
        IActorRef guardian;
        ServingRun run;
        lock (_gate)
        {
            // A finished run has nothing to stop (and its listener may be gone with a terminated system: no one would answer).
            if (_run is null || _run.Completion.Task.IsCompleted || _guardian is null)
                return null;
            guardian = _guardian;
            run = _run;
        }
        try
        {
            await guardian.Ask<AcceptingStopped>(new StopServing(null), ShutdownGrace).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            // The listener is gone (its system is terminating): there is nothing left to stop; DrainAsync bounds the wait.
        }
        return run;
    }

    /// <summary>Waits for <paramref name="run"/> to finish draining: the listener bounds the drain itself; this bound
    /// only guards against a listener that is gone.</summary>
    internal async Task DrainAsync(ServingRun run)
    {
        var bound = run.Settings.Settings.DrainTimeout + ShutdownGrace;
        try
        {
            await run.Completion.Task.WaitAsync(bound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            run.Completion.TrySetException(new ServerStoppedException($"the server did not stop within {bound}"));
        }
        catch (Exception)
        {
            // The run failed (a handler under stop-server, say): ServeForeverAsync reports that; stopping has succeeded.
        }
    }

    /// <summary>Python's <c>server_close()</c> with shutdown first: stops serving (draining requests in flight),
    /// closes the socket, stops the server's actors, and terminates the actor system if the server created it.
    /// Safe to call more than once, and after (or during) the actor system's coordinated shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync().ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
        if (_ownsSystem)
            await System.Terminate().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the listening socket once, however many shutdown paths ask: new connections are refused from here on.
    /// True only for the call that closed it.</summary>
    internal bool CloseListener()
    {
        if (Interlocked.Exchange(ref _listenerClosed, 1) != 0)
            return false;
        ServerClose();
        return true;
    }

    /// <summary>The last step of every shutdown path: closes the socket and stops the server's actors; idempotent.</summary>
    internal Task CloseAsync()
    {
        lock (_gate)
            return _closing ??= CloseCoreAsync();
    }

    private async Task CloseCoreAsync()
    {
        await Task.Yield();
        List<IActorRef> guardians;
        lock (_gate)
        {
            _closed = true;
            guardians = [.. _retiredGuardians];
            if (_guardian is not null)
                guardians.Add(_guardian);
            _guardian = null;
        }
        CloseListener();
        ForkBridge? forkBridge;
        Modes.Clustering.IClusterBridge? clusterBridge;
        lock (_gate)
            (forkBridge, clusterBridge) = (_forkBridge, _clusterBridge);
        foreach (var guardian in guardians)
        {
            try
            {
                await guardian.GracefulStop(ShutdownGrace).ConfigureAwait(false);
            }
            catch (TaskCanceledException)
            {
                // It did not stop in time; the system shutdown stops it anyway.
            }
        }
        if (forkBridge is not null)
            await forkBridge.DisposeAsync().ConfigureAwait(false);
        if (clusterBridge is not null)
            await clusterBridge.DisposeAsync().ConfigureAwait(false);
        _stats?.EndServing();
        _clientFaults?.Flush();
    }
}
