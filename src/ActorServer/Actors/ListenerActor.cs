using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// One serving run's accept loop (Python's <c>serve_forever</c>/<c>handle_request</c> loop), as small as Ranch's
/// acceptor: it accepts one request for each admission the request supervisor gives it (its accept loop hands each
/// straight over, see <see cref="AcceptOnce"/>), and waits for the next admission; it never counts requests. It also
/// owns its run: the run's timers (service actions, the <c>handle_request</c> timeout), its pauses (a back-off asked
/// for by the guardian), and its end (the drain).
/// </summary>
/// <remarks>
/// The guardian creates one listener per run, from the run itself, so a listener that fails by a bug is restarted by
/// its guardian with its run intact: the new incarnation waits for the guardian's word (a pause, or the stop it was
/// in the middle of), and the listening socket stays open throughout.
/// States: awaiting-admission ⇄ accepting (→ retrying-accept), backing-off, suspended (an operator's
/// <see cref="SuspendServer"/>: its socket closed), handed-over (a synchronous <c>handle_request</c>), stopping.
/// </remarks>
internal sealed partial class ListenerActor : ActorBase, IWithTimers
{
    private readonly ServingRun _run;
    private readonly IActorRef _requests;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    // The states, made once: a method group would make a new delegate at every Become, twice per request.
    private readonly Receive _awaitingAdmission;
    private readonly Receive _accepting;

    /// <summary>The accept loop's cancellation, to cancel when the run pauses or ends; null when none is pending. One
    /// serves every loop until it is cancelled, not one per request.</summary>
    private CancellationTokenSource? _pendingAccept;

    /// <summary>The current accept loop's number: an <see cref="Accepted"/> from an earlier one (cancelled as a pause
    /// began, but completed all the same) does not end the current one.</summary>
    private int _acceptGeneration;

    /// <summary>The admissions the request supervisor gave and this listener has not used yet (the accept loop in
    /// progress holds those it started with); none outside awaiting-admission, accepting and retrying-accept.</summary>
    private int _admissions;

    public ListenerActor(ServingRun run, IActorRef requests)
    {
        _run = run;
        _requests = requests;
        _awaitingAdmission = AwaitingAdmission;
        _accepting = Accepting;
        Become(_awaitingAdmission);
    }

    public static Props Props(ServingRun run, IActorRef requests) =>
        DelegateProducer<ListenerActor>.Props(() => new ListenerActor(run, requests));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        StartTimers();
        _requests.Tell(new WantAdmission(AfterPause: false));
    }

    protected override void PreRestart(Exception reason, object message)
    {
        // Not base.PreRestart: that would run PostStop, which fails the run this restart exists to keep. An accept that
        // completes all the same reaches the next incarnation, which serves it.
        CancelAccept();
    }

    protected override void PostRestart(Exception reason)
    {
        // The guardian has put its word in the mailbox already: a pause (serving) or the stop it was in the middle of.
        if (_run.HandedOver)
        {
            _requests.Tell(new Drain(null));
            Become(HandedOver);
            return;
        }
        StartTimers();
        // Suspended, the guardian's pause is ignored: the operator's resume is what accepts again.
        Become(_run.Suspended ? Suspended : BackingOff);
    }

    protected override void PostStop()
    {
        CancelAccept();
        _run.Completion.TrySetException(new ServerStoppedException("the server's listener actor stopped"));
    }

    protected override bool Receive(object message) => false;

    private bool AwaitingAdmission(object message)
    {
        if (message is not Admitted admitted)
            return BeforeHandOver(message);
        _admissions += admitted.Count;
        return Accept();
    }

    /// <summary>An accept failed for a passing reason: the admission is still held, for the retry.</summary>
    private bool RetryingAccept(object message) => message switch
    {
        RetryAccept => Accept(),
        WithdrawAdmissions => Withdrawn(),
        _ => BeforeHandOver(message),
    };

    private bool Accepting(object message)
    {
        switch (message)
        {
            case Accepted accepted:
                HandOver(accepted);
                return true;
            case AcceptFailed failed:
                CancelAccept();
                OnAcceptFailed(failed.Cause);
                return true;
            case Admitted admitted:
                // More leave, for the accepts after this one: one accept at a time.
                _admissions += admitted.Count;
                return true;
            case WithdrawAdmissions:
                return Withdrawn();
            default:
                return BeforeHandOver(message);
        }
    }

    /// <summary>Paused: admissions given before the pause, still arriving, are void (resuming asks for new ones).</summary>
    private bool BackingOff(object message) => message switch
    {
        BackoffElapsed => Resume(),
        Admitted => true,
        _ => BeforeHandOver(message),
    };

    private bool Resume()
    {
        _requests.Tell(new WantAdmission(AfterPause: true));
        Become(_awaitingAdmission);
        return true;
    }

    /// <summary>What every state takes before the run's request is handed over (all of them, outside a single-request run).</summary>
    private bool BeforeHandOver(object message)
    {
        switch (message)
        {
            case Accepted:
                // An accept cancelled as a pause began that completed all the same: its request went to be served.
                return true;
            case AcceptFailed:
                return true;
            case Admitted admitted:
                // Given for the accepts of a retry: an accept that failed for a passing reason keeps its admissions.
                _admissions += admitted.Count;
                return true;
            case StopServing stop:
                BeginStopping(stop.Cause);
                return true;
            case PauseAccepting pause:
                Pause(pause);
                return true;
            case ServiceActionsTick:
                _run.Settings.Server.RunServiceActions(_log);
                return true;
            case HandleRequestTimedOut:
                Finish(served: false, cause: null);
                return true;
            default:
                return Operate(message);
        }
    }

    private void StartTimers()
    {
        if (!_run.SingleRequest)
            Timers.StartPeriodicTimer("service-actions", ServiceActionsTick.Instance, _run.Settings.Settings.ServiceActionsInterval);
        else if (_run.TimeoutLeft is { } left)
            Timers.StartSingleTimer("handle-timeout", HandleRequestTimedOut.Instance, left);
    }

    /// <summary>Starts an accept loop for the admissions held (one for a single-request run).</summary>
    private bool Accept()
    {
        _pendingAccept ??= new CancellationTokenSource();
        var max = _run.SingleRequest ? 1 : _admissions;
        _ = AcceptOnce.RunAsync(_run.Settings.Server, Self, _requests, max, ++_acceptGeneration, _run.Settings.HandlerRunsOnActor, _pendingAccept.Token);
        Become(_accepting);
        return true;
    }

    private void HandOver(Accepted accepted)
    {
        // A late count of an earlier loop is of admissions that were void at its pause.
        if (accepted.Generation != _acceptGeneration)
            return;
        _admissions -= accepted.Count;
        if (!accepted.Last && !_run.SingleRequest)
            return;
        if (!_run.SingleRequest)
        {
            if (_admissions > 0)
                Accept();
            else
                Become(_awaitingAdmission);
            return;
        }
        Timers.Cancel("handle-timeout");
        _run.MarkHandedOver();
        if (_run.Settings.Mode.SingleRequestEndsAtHandOver)
        {
            Finish(served: true, cause: null);
            return;
        }
        _requests.Tell(new Drain(null));
        Become(HandedOver);
    }

    private void OnAcceptFailed(Exception cause)
    {
        switch (AcceptOnce.Classify(cause))
        {
            case AcceptFailure.SocketClosed:
                BeginStopping(new ServerStoppedException("the listening socket was closed while serving", cause));
                return;
            case AcceptFailure.NotListening:
                BeginStopping(new ServerStoppedException($"the server cannot accept: {cause.Message}", cause));
                return;
            case AcceptFailure.OutOfDescriptors:
                // A limit, so the request supervisor's to handle: the admission goes back to it.
                _admissions = 0;
                _requests.Tell(new DescriptorsExhausted(cause));
                Become(_awaitingAdmission);
                return;
            case AcceptFailure.ClientGaveUp:
                _log.Debug("A client reset before its connection was accepted");
                _ = Accept();
                return;
            default:
                _log.Warning("Accept failed: {0}; accepting again in {1} ms", AcceptOnce.Describe(cause), AcceptOnce.RetryDelay.TotalMilliseconds);
                Timers.StartSingleTimer("retry-accept", RetryAccept.Instance, AcceptOnce.RetryDelay);
                Become(RetryingAccept);
                return;
        }
    }

    private void Pause(PauseAccepting pause)
    {
        // The admissions held are void: resuming asks for new ones.
        _admissions = 0;
        CancelAccept();
        Timers.Cancel("retry-accept");
        _log.Warning("The listener restarted ({0}); accepting again in {1} ms (restart {2} in a row)",
            pause.Cause, (long)pause.Delay.TotalMilliseconds, pause.RestartsInARow);
        Timers.StartSingleTimer("backoff", BackoffElapsed.Instance, pause.Delay);
        Become(BackingOff);
    }

    /// <summary>Cancels the pending accept, if any; should it complete all the same, its request still comes here.</summary>
    private void CancelAccept()
    {
        _pendingAccept?.Cancel();
        _pendingAccept?.Dispose();
        _pendingAccept = null;
    }
}
