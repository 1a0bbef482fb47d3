using System.Diagnostics;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// Owns a server's accept loop (Python's <c>serve_forever</c>/<c>handle_request</c> loop). It accepts while below the
/// mode's concurrency limit and stops accepting at the limit, so the kernel backlog holds the rest (back-pressure,
/// never an unbounded queue). It applies <c>VerifyRequest</c>, ticks <c>ServiceActions</c>, and survives accept errors:
/// out of file descriptors, it releases a reserve of them for the runtime and accepts again only as requests end (or,
/// with none open, backs off and tries again). States: idle → serving → stopping → idle; after a restart, serving
/// resumes through backing-off.
/// </summary>
/// <remarks>
/// A restart (its guardian's answer to any failure of this actor, and to a handler failure under
/// <see cref="HandlerErrorPolicy.RestartListener"/>) keeps the serving run: the old incarnation saves it in its
/// <see cref="ListenerMemory"/>, the new one asks the request supervisor how many requests are in flight and accepts again
/// after the server's <see cref="ListenerBackoff"/>. The listening socket is never closed by a restart.
/// </remarks>
internal sealed class ListenerActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Descriptors kept for the runtime to have at EMFILE: enough for the threads it may start meanwhile.</summary>
    private const int ReservedDescriptors = 32;

    private readonly SocketServer _server;
    private readonly IActorRef _requests;
    private readonly ListenerMemory _memory;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private ListenerPhase _phase;
    private ServingRun? _run;
    private Exception? _stopCause;
    private CancellationTokenSource? _acceptCancellation;
    private bool _acceptPending;
    private int _generation;
    private bool _acceptedOne;
    private int _active;

    /// <summary>False from a restart until the request supervisor has said how many requests are in flight.</summary>
    private bool _activeKnown = true;

    /// <summary>Restarted while serving: accepting resumes once the back-off is over and the count is known.</summary>
    private bool _resumePending;

    private bool _awaitingBackoff;

    /// <summary>Numbers the questions a restarted listener asks the request supervisor, so that a late answer is known.</summary>
    private int _countAsked;

    /// <summary>The last request handed to the request supervisor: a failure after that point must not close it.</summary>
    private AcceptedRequest? _lastDispatched;

    /// <summary>Requests accepted across a restart, before the count came back.</summary>
    private readonly List<AcceptedRequest> _held = [];

    /// <summary>The generation the serving run started with: accepts of earlier generations in the run are still its own.</summary>
    private int _runGeneration;
    private readonly DescriptorReserve _reserve = new(ReservedDescriptors);

    /// <summary>Set at EMFILE with requests open: accept no more than this many at once until the reserve is back.</summary>
    private int? _descriptorCeiling;

    public ListenerActor(SocketServer server, IActorRef requests, ListenerMemory memory)
    {
        _server = server;
        _requests = requests;
        _memory = memory;
        Idle();
    }

    public static Props Props(SocketServer server, IActorRef requests, ListenerMemory memory) =>
        Akka.Actor.Props.Create(() => new ListenerActor(server, requests, memory));

    public ITimerScheduler Timers { get; set; } = null!;

    private int Capacity => Math.Min(_descriptorCeiling ?? int.MaxValue, _server.Mode switch
    {
        ServingMode.Synchronous => 1,
        ServingMode.Forking => Math.Min(_server.MaxChildren, _server.MaxConnections),
        _ => _server.MaxConnections,
    });

    private void Idle()
    {
        _phase = ListenerPhase.Idle;
        InEveryState();
        Receive<StartServing>(start =>
        {
            _run = start.Run;
            // First: should anything below fail, the restarted listener resumes this run after its back-off.
            Become(Serving);
            _stopCause = null;
            _acceptedOne = false;
            _acceptCancellation = new CancellationTokenSource();
            _runGeneration = ++_generation;
            _descriptorCeiling = null;
            _reserve.Take();
            _memory.RunStarted = Stopwatch.GetTimestamp();
            if (_run.SingleRequest && _run.Timeout is { } timeout)
                Timers.StartSingleTimer("handle-timeout", HandleRequestTimedOut.Instance, timeout);
            StartServiceActions();
            AcceptNext();
        });
        Receive<StopServing>(_ => AcknowledgeStop());
        Receive<Accepted>(accepted => Settle(accepted.Generation, accepted.Request));
        Receive<AcceptFailed>(failed => Settle(failed.Generation, null));
        Receive<RequestFinished>(_ => CountFinished());
        Receive<RestartListener>(restart => IgnoreRestart(restart, "it is not serving"));
        // A drain asked for again after a restart in the middle of stopping answers twice; the first answer counted.
        Receive<Drained>(_ => { });
    }

    /// <summary>Messages every state takes alike.</summary>
    private void InEveryState()
    {
        Receive<InjectFault>(fail => throw fail.Cause);
        Receive<RequestCount>(count =>
        {
            // The answer to an earlier incarnation's question misses requests dispatched since.
            if (count.Asked != _countAsked)
                return;
            _active = count.Active;
            _activeKnown = true;
            if (_phase != ListenerPhase.Serving)
            {
                AbortHeld();
                return;
            }
            DispatchHeld();
            if (_phase != ListenerPhase.Serving)
                return;
            if (_resumePending)
                TryResume();
            else
                ContinueServing();
        });
    }

    private void Serving()
    {
        _phase = ListenerPhase.Serving;
        InEveryState();
        Receive<Accepted>(accepted =>
        {
            var current = Settle(accepted.Generation, null);
            if (!current && accepted.Generation < _runGeneration)
            {
                accepted.Request.Abort();
                return;
            }
            // Otherwise the accept is this run's, if perhaps an earlier incarnation's that completed as it restarted:
            // held while the count is unknown, or while a late one would take the server past its capacity.
            if (!_activeKnown || (!current && _active >= Capacity))
            {
                _held.Add(accepted.Request);
                return;
            }
            Dispatch(accepted.Request);
            // handle_request outside synchronous mode ends its run when it dispatches: then there is nothing to accept.
            if (_run is null)
                return;
            ReleaseReserveIfNearlyOut();
            if (current)
                AcceptNext();
        });
        Receive<AcceptFailed>(failed =>
        {
            if (Settle(failed.Generation, null))
                OnAcceptFailed(failed.Cause);
        });
        Receive<RetryAccept>(_ => AcceptNext());
        Receive<RequestFinished>(_ =>
        {
            if (!CountFinished())
                return;
            RetakeReserve();
            DispatchHeld();
            if (_phase == ListenerPhase.Serving)
                ContinueServing();
        });
        Receive<BackoffElapsed>(_ =>
        {
            _awaitingBackoff = false;
            TryResume();
        });
        Receive<ServiceActionsTick>(_ => RunServiceActions());
        Receive<HandleRequestTimedOut>(_ =>
        {
            if (!_acceptedOne)
                Finish(served: false);
        });
        Receive<StopServing>(stop =>
        {
            _stopCause ??= stop.Cause;
            BeginStopping();
            AcknowledgeStop();
        });
        Receive<RestartListener>(restart =>
        {
            if (_resumePending)
                IgnoreRestart(restart, "it is restarting already");
            else
                throw new ListenerRestartException(restart.Cause);
        });
    }

    private void Stopping()
    {
        _phase = ListenerPhase.Stopping;
        InEveryState();
        Receive<Accepted>(accepted => Settle(accepted.Generation, accepted.Request));
        Receive<AcceptFailed>(failed => Settle(failed.Generation, null));
        Receive<RequestFinished>(_ => CountFinished());
        Receive<StopServing>(_ => AcknowledgeStop());
        Receive<Drained>(_ => Finish(served: true));
        Receive<RestartListener>(restart => IgnoreRestart(restart, "it is stopping"));
    }

    /// <summary>Serves requests held across a restart, as far as the count and the capacity allow.</summary>
    private void DispatchHeld()
    {
        while (_held.Count > 0 && _phase == ListenerPhase.Serving && _activeKnown && _active < Capacity)
        {
            var next = _held[0];
            _held.RemoveAt(0);
            Dispatch(next);
        }
    }

    private void AbortHeld()
    {
        _held.ForEach(request => request.Abort());
        _held.Clear();
    }

    /// <summary>Accepts the next request, or ends a single-request run whose request has ended.</summary>
    private void ContinueServing()
    {
        if (_run!.SingleRequest && _acceptedOne && _active == 0)
            Finish(served: true);
        else
            AcceptNext();
    }

    private void TryResume()
    {
        if (!_resumePending || _awaitingBackoff || !_activeKnown)
            return;
        _resumePending = false;
        _memory.Resumed();
        _log.Info("The listener accepts again after its restart ({0} requests in flight)", _active);
        ContinueServing();
    }

    /// <summary>Counts a request out, once the count is known again after a restart (the count sent then includes it).</summary>
    private bool CountFinished()
    {
        if (_activeKnown)
            _active--;
        return _activeKnown;
    }

    private void IgnoreRestart(RestartListener restart, string why) =>
        _log.Debug("Not restarting the listener for the failure of a request from {0}: {1}",
            HandlerFailedException.ClientText(restart.Cause.ClientAddress), why);

    private void StartServiceActions()
    {
        if (!_run!.SingleRequest)
            Timers.StartPeriodicTimer("service-actions", ServiceActionsTick.Instance, _server.ServiceActionsInterval);
    }

    private void AcceptNext()
    {
        if (_acceptPending || _resumePending || !_activeKnown || _active >= Capacity || (_run!.SingleRequest && _acceptedOne))
            return;
        _acceptPending = true;
        _ = AcceptAsync(_server, Self, _generation, _acceptCancellation!.Token);
    }

    /// <summary>
    /// One accept, reported to this actor as a message. An awaited accept rather than AsTask().ContinueWith(...),
    /// which cost a task, a continuation task and a closure for every connection.
    /// </summary>
    private static async Task AcceptAsync(SocketServer server, IActorRef self, int generation, CancellationToken cancellation)
    {
        AcceptedRequest request;
        try
        {
            request = await server.GetRequestAsync(cancellation).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // A cancelled accept was cancelled by this actor, which stopped waiting for it already.
            if (!cancellation.IsCancellationRequested)
                self.Tell(new AcceptFailed(e, generation));
            return;
        }
        self.Tell(new Accepted(request, generation));
    }

    /// <summary>
    /// Records that an accept has completed. Returns true when it is the current run's pending accept; a request
    /// <paramref name="toAbort"/> (accepted when no one will serve it) is closed at once.
    /// </summary>
    private bool Settle(int generation, AcceptedRequest? toAbort)
    {
        var current = generation == _generation;
        if (current)
            _acceptPending = false;
        toAbort?.Abort();
        return current;
    }

    private void Dispatch(AcceptedRequest request)
    {
        bool verified;
        try
        {
            verified = _server.InvokeVerifyRequest(request.Request, request.ClientAddress);
        }
        catch (Exception e)
        {
            _log.Error(e, "VerifyRequest threw for client {0}; the request is refused", HandlerFailedException.ClientText(request.ClientAddress));
            verified = false;
        }
        if (!verified)
        {
            _log.Debug("Request from {0} refused by VerifyRequest", HandlerFailedException.ClientText(request.ClientAddress));
            request.Close();
            return;
        }
        _active++;
        _acceptedOne = true;
        _requests.Tell(new StartRequest(request));
        _lastDispatched = request;
        if (_run!.SingleRequest && _server.Mode != ServingMode.Synchronous)
            Finish(served: true);
    }

    private void OnAcceptFailed(Exception cause)
    {
        switch (cause)
        {
            case OperationCanceledException:
                return;
            case ObjectDisposedException:
                _stopCause ??= new ServerStoppedException("the listening socket was closed while serving", cause);
                BeginStopping();
                return;
            case SocketException { SocketErrorCode: SocketError.TooManyOpenSockets } e when _active > 0 && _reserve.IsHeld:
                _log.Warning("Accept failed: out of file descriptors ({0}: {1}) with {2} requests open; released {3} reserved descriptors, and accepting again as requests end",
                    e.SocketErrorCode, e.Message, _active, ReleaseReserve());
                return;
            case SocketException { SocketErrorCode: SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable } e:
                _log.Warning("Accept failed: {0} ({1}); accepting again in {2} ms", e.Message, e.SocketErrorCode, AcceptRetryDelay.TotalMilliseconds);
                Timers.StartSingleTimer("retry-accept", RetryAccept.Instance, AcceptRetryDelay);
                return;
            case InvalidOperationException:
                // The socket is not listening (ServerActivate was never called): no retry can succeed.
                _stopCause ??= new ServerStoppedException($"the server cannot accept: {cause.Message}", cause);
                BeginStopping();
                return;
            case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted }:
                // A client that gave up between the handshake and accept(): nothing to do but take the next one.
                _log.Debug("A client reset before its connection was accepted");
                AcceptNext();
                return;
            default:
                _log.Warning("Accept failed: {0}: {1}; accepting again in {2} ms", cause.GetType().Name, cause.Message, AcceptRetryDelay.TotalMilliseconds);
                Timers.StartSingleTimer("retry-accept", RetryAccept.Instance, AcceptRetryDelay);
                return;
        }
    }

    /// <summary>Releases the reserve before accept takes the last descriptors, where the process can count them: at
    /// EMFILE it is too late for a thread started in between (see <see cref="DescriptorReserve"/>).</summary>
    private void ReleaseReserveIfNearlyOut()
    {
        if (_active > 0 && _reserve.IsNearlyOut(out var free))
        {
            _log.Warning("Nearly out of file descriptors ({0} free) with {1} requests open; released {2} reserved descriptors, and accepting again as requests end",
                free, _active, ReleaseReserve());
        }
    }

    /// <summary>Gives the runtime room (it cannot start a thread without descriptors) and keeps it: accepts again only
    /// as requests end, each one freeing the descriptor the next one takes.</summary>
    private int ReleaseReserve()
    {
        _descriptorCeiling = _active;
        return _reserve.Release();
    }

    /// <summary>After EMFILE, once requests have ended to free as many descriptors as the reserve holds, takes it back
    /// and lifts the ceiling.</summary>
    private void RetakeReserve()
    {
        if (_descriptorCeiling is not { } ceiling || _active > Math.Max(0, ceiling - _reserve.Size))
            return;
        _descriptorCeiling = null;
        _reserve.Take();
        _log.Info("File descriptors are free again ({0} requests open): the reserve is back and accepting goes up to the usual limit", _active);
    }

    private void RunServiceActions()
    {
        try
        {
            _server.InvokeServiceActions();
        }
        catch (Exception e)
        {
            _log.Error(e, "ServiceActions threw; the server goes on serving");
        }
    }

    private void BeginStopping()
    {
        Timers.CancelAll();
        CancelAccept();
        EndBackoff();
        AbortHeld();
        Become(Stopping);
        _requests.Tell(new Drain(_server.EffectiveDrainTimeout));
    }

    /// <summary>Tells whoever asked to stop that no accept is pending any more (the request supervisor needs no answer).</summary>
    private void AcknowledgeStop()
    {
        if (!Sender.IsNobody() && !Sender.Equals(_requests))
            Sender.Tell(AcceptingStopped.Instance);
    }

    private void Finish(bool served)
    {
        var run = EndRun()!;
        if (_stopCause is { } cause)
            run.Completion.TrySetException(cause);
        else
            run.Completion.TrySetResult(served);
    }

    /// <summary>Stops everything the run had going, back to idle; returns the run for its caller to complete.</summary>
    private ServingRun? EndRun()
    {
        Timers.CancelAll();
        CancelAccept();
        EndBackoff();
        _acceptCancellation?.Dispose();
        _acceptCancellation = null;
        AbortHeld();
        var run = _run;
        _run = null;
        Become(Idle);
        return run;
    }

    /// <summary>A run that ends during a back-off leaves none behind for the next run.</summary>
    private void EndBackoff()
    {
        _resumePending = false;
        _awaitingBackoff = false;
    }

    /// <summary>Cancels the pending accept, whose continuation then stays silent: nothing waits for it any more.</summary>
    private void CancelAccept()
    {
        _acceptCancellation?.Cancel();
        _acceptPending = false;
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // Not base.PreRestart: it would run PostStop, which fails the run this restart exists to keep.
        Timers.CancelAll();
        _reserve.Dispose();
        // A request whose handling failed before it reached the request supervisor is closed rather than leaked.
        if (message is Accepted accepted && !ReferenceEquals(accepted.Request, _lastDispatched))
            accepted.Request.Abort();
        // So are requests held for the count: the next incarnation asks again and knows nothing of them.
        AbortHeld();
        // Accepting pauses for the back-off. An accept that completes all the same is served by the next incarnation.
        CancelAccept();
        _acceptCancellation?.Dispose();
        _memory.Phase = _phase;
        _memory.Run = _run;
        _memory.StopCause = _stopCause;
        _memory.AcceptedOne = _acceptedOne;
        _memory.Generation = _generation;
        _memory.RunGeneration = _runGeneration;
        _memory.CountAsked = _countAsked;
    }

    protected override void PostRestart(Exception reason)
    {
        _run = _memory.Run;
        _stopCause = _memory.StopCause;
        _acceptedOne = _memory.AcceptedOne;
        _generation = _memory.Generation + 1;
        _runGeneration = _memory.RunGeneration;
        _activeKnown = false;
        _countAsked = _memory.CountAsked + 1;
        _requests.Tell(new CountRequests(_countAsked));
        var cause = reason is ListenerRestartException ? reason.Message : $"{reason.GetType().Name}: {reason.Message}";
        switch (_memory.Phase)
        {
            case ListenerPhase.Stopping:
                _log.Warning("The listener restarted while stopping ({0}); it goes on draining", cause);
                Become(Stopping);
                _requests.Tell(new Drain(_server.EffectiveDrainTimeout));
                return;
            case ListenerPhase.Serving:
                var (restarts, delay) = _memory.NextRestart(_server.ListenerBackoff);
                _log.Warning("The listener restarted ({0}); accepting again in {1} ms (restart {2} in a row)",
                    cause, (long)delay.TotalMilliseconds, restarts);
                try
                {
                    ResumeServingAfter(delay);
                }
                catch (Exception e)
                {
                    // Failing here would restart the listener again at once, with no back-off: end the run instead.
                    _log.Error(e, "The listener could not resume serving after its restart; the serving run ends");
                    FailRun(new ServerStoppedException("the listener could not resume serving after its restart", e));
                }
                return;
            default:
                // Not expected (an idle listener has no run), but a run left behind would never complete.
                if (_run is not null)
                {
                    _log.Error("The listener failed as serving started ({0}); the serving run ends", cause);
                    FailRun(new ServerStoppedException($"the listener failed as serving started: {cause}", reason));
                    return;
                }
                _log.Warning("The listener restarted while not serving ({0})", cause);
                return;
        }
    }

    private void ResumeServingAfter(TimeSpan delay)
    {
        _acceptCancellation = new CancellationTokenSource();
        _reserve.Take();
        _resumePending = true;
        _awaitingBackoff = true;
        Timers.StartSingleTimer("backoff", BackoffElapsed.Instance, delay);
        StartServiceActions();
        if (!_acceptedOne && _run!.SingleRequest && _run.Timeout is { } timeout)
        {
            var left = timeout - Stopwatch.GetElapsedTime(_memory.RunStarted);
            Timers.StartSingleTimer("handle-timeout", HandleRequestTimedOut.Instance, left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        Become(Serving);
    }

    private void FailRun(Exception cause) => EndRun()?.Completion.TrySetException(cause);

    protected override void PostStop()
    {
        AbortHeld();
        _reserve.Dispose();
        _acceptCancellation?.Cancel();
        _run?.Completion.TrySetException(new ServerStoppedException("the server's listener actor stopped", _stopCause));
    }

    private sealed record Accepted(AcceptedRequest Request, int Generation) : INoSerializationVerificationNeeded;

    private sealed record AcceptFailed(Exception Cause, int Generation) : INoSerializationVerificationNeeded;

    private sealed record BackoffElapsed
    {
        public static readonly BackoffElapsed Instance = new();
    }

    private sealed record RetryAccept
    {
        public static readonly RetryAccept Instance = new();
    }

    private sealed record ServiceActionsTick
    {
        public static readonly ServiceActionsTick Instance = new();
    }

    private sealed record HandleRequestTimedOut
    {
        public static readonly HandleRequestTimedOut Instance = new();
    }
}
