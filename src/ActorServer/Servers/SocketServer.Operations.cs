using ActorServer.Actors;
using ActorServer.Metrics;
using Akka.Actor;
using Akka.Event;

namespace ActorServer;

// Live operations: suspend and resume, a new max-connections while serving, and the status snapshot. Each method sends
// the guardian the public message an actor would (ServerControl.cs) and waits for its reply.
public abstract partial class SocketServer
{
    /// <summary>How long an operation waits for the server's actors to answer.</summary>
    private static readonly TimeSpan OperationTimeout = TimeSpan.FromSeconds(10);

    private ServerStats? _stats;

    /// <summary>The server's counts and live requests, for its status and metrics.</summary>
    internal ServerStats Stats => Volatile.Read(ref _stats) ?? CreateStats();

    // Not LazyInitializer with a lambda at the call: that made a closure at every read, several per request.
    private ServerStats CreateStats()
    {
        Interlocked.CompareExchange(ref _stats, new ServerStats(ListenBacklog), null);
        return _stats!;
    }

    /// <summary>The server's own log, for its actors' connection events.</summary>
    internal ILoggingAdapter ServerLog => Log;

    /// <summary>
    /// Stops accepting new requests without dropping the ones in flight (Ranch's <c>suspend_listener</c>). A stream
    /// server closes its listening socket and binds a new one to its address without listening, so clients that connect
    /// are refused (<c>ECONNREFUSED</c>) rather than left waiting in a backlog, and no other process takes the port or
    /// the socket file (whose lock the server keeps) meanwhile. A datagram
    /// server stops reading: datagrams wait in the socket's receive buffer (as much as <c>SO_RCVBUF</c> holds, the
    /// kernel drops the rest) and are served on <see cref="ResumeAsync"/>. Returns once nothing more is accepted.
    /// Suspending a suspended server does nothing.
    /// </summary>
    /// <exception cref="InvalidOperationException">The server is not serving forever (it is stopped, draining, or in a <see cref="HandleRequestAsync"/>).</exception>
    public Task SuspendAsync(CancellationToken cancellationToken = default) =>
        AskGuardianAsync<ServerSuspended>(SuspendServer.Instance, cancellationToken);

    /// <summary>
    /// Accepts again after <see cref="SuspendAsync"/>, on the same address: the same port (the one port 0 was resolved
    /// to), the same socket file. A stream server's new socket was bound by <see cref="ServerBind"/> as it was suspended
    /// and now listens through <see cref="ServerActivate"/> (options set by hand on the old <see cref="Socket"/> are not
    /// carried over; set them in an override of <see cref="ServerBind"/>). Resuming a server that is not suspended does nothing.
    /// </summary>
    /// <exception cref="ServerBindException">The address cannot be bound again (another process took the port); the server stays suspended.</exception>
    /// <exception cref="InvalidOperationException">The server is not serving.</exception>
    public Task ResumeAsync(CancellationToken cancellationToken = default) =>
        AskGuardianAsync<ServerResumed>(ResumeServer.Instance, cancellationToken);

    /// <summary>
    /// Sets <see cref="MaxConnections"/>, also while serving: lowered, no request is dropped, and none is admitted until
    /// fewer than <paramref name="maxConnections"/> are in flight (new clients wait in the listen backlog); raised, the
    /// clients waiting are admitted at once. The request supervisor, which owns the count, applies it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConnections"/> is less than 1.</exception>
    /// <exception cref="InvalidOperationException">The server serves in synchronous mode, one request at a time.</exception>
    public async Task SetMaxConnectionsAsync(int maxConnections, CancellationToken cancellationToken = default)
    {
        if (maxConnections < 1)
            throw new ArgumentOutOfRangeException(nameof(maxConnections), maxConnections,
                $"Server {Name}: max-connections must be at least 1 (lower it to 1 to serve one request at a time, or suspend the server to accept none).");
        if (Mode == ServingMode.Synchronous)
            throw new InvalidOperationException($"Server {Name} serves in synchronous mode, one request at a time: max-connections does not apply.");
        var change = new SetMaxConnections(maxConnections);
        if (IsServing)
            await AskGuardianAsync<MaxConnectionsSet>(change, cancellationToken).ConfigureAwait(false);
        lock (_gate)
            _settings = _settings with { MaxConnections = maxConnections };
    }

    /// <summary>A snapshot of the server: state, address, limits, counts, bytes, forked children and live requests.</summary>
    public async Task<ServerStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        IActorRef? guardian;
        lock (_gate)
            guardian = _run is { Completion.Task.IsCompleted: false } ? _guardian : null;
        if (guardian is not null)
        {
            try
            {
                return await guardian.Ask<ServerStatus>(GetServerStatus.Instance, OperationTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (AskTimeoutException)
            {
                // The run ended as we asked (its actors are gone): it is stopped.
            }
        }
        var settings = CurrentSettings;
        return Stats.Snapshot(this, ServerState.Stopped, settings.MaxConnections, Modes.ServerMode.For(settings.Mode).Capacity(settings), live: null);
    }

    /// <summary>The clients the kernel has connected and no accept has taken yet; 0 where that cannot be read.</summary>
    private protected virtual int ListenBacklog() => 0;

    /// <summary>Stops accepting for a suspension: a stream server closes its listening socket (a datagram server has
    /// nothing to do: its listener stops reading). On the listener actor.</summary>
    internal virtual void SuspendListening()
    {
    }

    /// <summary>Accepts again after <see cref="SuspendListening"/>: a stream server listens again. On the listener actor.</summary>
    /// <exception cref="ServerBindException">The address cannot be bound again.</exception>
    internal virtual void ResumeListening()
    {
    }

    private async Task AskGuardianAsync<TReply>(object message, CancellationToken cancellationToken)
    {
        IActorRef guardian;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_guardian is null || _run is not { Completion.Task.IsCompleted: false })
                throw new InvalidOperationException($"Server {Name} is not serving.");
            guardian = _guardian;
        }
        // A Status.Failure reply is thrown by Ask as its cause: the error names what could not be done and why.
        await guardian.Ask<TReply>(message, OperationTimeout, cancellationToken).ConfigureAwait(false);
    }
}
