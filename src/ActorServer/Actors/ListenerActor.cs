using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// One serving run's accept loop (Python's <c>serve_forever</c>/<c>handle_request</c> loop), as small as Ranch's
/// acceptor: it accepts one request for each admission the request supervisor gives it, hands the request over, and
/// waits for the next admission; it never counts requests. It also owns its run: the run's timers (service actions, the
/// <c>handle_request</c> timeout), its pauses (a back-off asked for by the guardian), and its end (the drain).
/// </summary>
/// <remarks>
/// The guardian creates one listener per run, from the run itself, so a listener that fails by a bug is restarted by
/// its guardian with its run intact: the new incarnation waits for the guardian's word (a pause, or the stop it was
/// in the middle of), and the listening socket stays open throughout.
/// States: awaiting-admission ⇄ accepting (→ retrying-accept), backing-off, handed-over (a synchronous
/// <c>handle_request</c>), stopping.
/// </remarks>
internal sealed class ListenerActor : ActorBase, IWithTimers
{
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly ServingRun _run;
    private readonly IActorRef _requests;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>The accept in progress, to cancel when the run pauses or ends; null when none is.</summary>
    private CancellationTokenSource? _pendingAccept;

    public ListenerActor(ServingRun run, IActorRef requests)
    {
        _run = run;
        _requests = requests;
        Become(AwaitingAdmission);
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
        Become(BackingOff);
    }

    protected override void PostStop()
    {
        CancelAccept();
        _run.Completion.TrySetException(new ServerStoppedException("the server's listener actor stopped"));
    }

    protected override bool Receive(object message) => false;

    private bool AwaitingAdmission(object message) => message is Admitted ? Accept() : BeforeHandOver(message);

    /// <summary>An accept failed for a passing reason: the admission is still held, for the retry.</summary>
    private bool RetryingAccept(object message) => message is RetryAccept ? Accept() : BeforeHandOver(message);

    private bool Accepting(object message)
    {
        switch (message)
        {
            case Accepted accepted:
                CancelAccept();
                HandOver(accepted.Request);
                return true;
            case AcceptFailed failed:
                CancelAccept();
                OnAcceptFailed(failed.Cause);
                return true;
            case Admitted:
                // A second admission (one answered late across a pause) is not a second leave: one accept at a time.
                return true;
            default:
                return BeforeHandOver(message);
        }
    }

    private bool BackingOff(object message) => message is BackoffElapsed ? Resume() : BeforeHandOver(message);

    private bool Resume()
    {
        _requests.Tell(new WantAdmission(AfterPause: true));
        Become(AwaitingAdmission);
        return true;
    }

    /// <summary>What every state takes before the run's request is handed over (all of them, outside a single-request run).</summary>
    private bool BeforeHandOver(object message)
    {
        switch (message)
        {
            case Accepted accepted:
                // An accept cancelled as a pause began that completed all the same: it had its admission, so serve it.
                _requests.Tell(new StartRequest(accepted.Request));
                return true;
            case AcceptFailed or Admitted:
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
                return false;
        }
    }

    /// <summary>A synchronous <c>handle_request</c> whose request is being served: the run ends when it does.</summary>
    private bool HandedOver(object message)
    {
        switch (message)
        {
            case Drained:
                Finish(served: true, cause: null);
                return true;
            case StopServing stop:
                BeginStopping(stop.Cause);
                return true;
            case Accepted accepted:
                accepted.Request.Abort();
                return true;
            case Admitted or HandleRequestTimedOut or PauseAccepting:
                return true;
            default:
                return false;
        }
    }

    private Receive Stopping(Exception? cause) => message =>
    {
        switch (message)
        {
            case Drained:
                Finish(served: true, cause);
                return true;
            case StopServing:
                Acknowledge();
                return true;
            case Accepted accepted:
                accepted.Request.Abort();
                return true;
            case PauseAccepting:
                _log.Debug("Not pausing the listener: it is stopping");
                return true;
            case Admitted or AcceptFailed or ServiceActionsTick or HandleRequestTimedOut or BackoffElapsed or RetryAccept:
                return true;
            default:
                return false;
        }
    };

    private void StartTimers()
    {
        if (!_run.SingleRequest)
            Timers.StartPeriodicTimer("service-actions", ServiceActionsTick.Instance, _run.Settings.Settings.ServiceActionsInterval);
        else if (_run.TimeoutLeft is { } left)
            Timers.StartSingleTimer("handle-timeout", HandleRequestTimedOut.Instance, left);
    }

    private bool Accept()
    {
        _pendingAccept = new CancellationTokenSource();
        _ = AcceptOnce.RunAsync(_run.Settings.Server, Self, _pendingAccept.Token);
        Become(Accepting);
        return true;
    }

    private void HandOver(AcceptedRequest request)
    {
        _requests.Tell(new StartRequest(request));
        if (!_run.SingleRequest)
        {
            Become(AwaitingAdmission);
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
                _requests.Tell(new DescriptorsExhausted(cause));
                Become(AwaitingAdmission);
                return;
            case AcceptFailure.ClientGaveUp:
                _log.Debug("A client reset before its connection was accepted");
                _ = Accept();
                return;
            default:
                _log.Warning("Accept failed: {0}; accepting again in {1} ms", AcceptOnce.Describe(cause), AcceptRetryDelay.TotalMilliseconds);
                Timers.StartSingleTimer("retry-accept", RetryAccept.Instance, AcceptRetryDelay);
                Become(RetryingAccept);
                return;
        }
    }

    private void Pause(PauseAccepting pause)
    {
        CancelAccept();
        Timers.Cancel("retry-accept");
        _log.Warning("The listener restarted ({0}); accepting again in {1} ms (restart {2} in a row)",
            pause.Cause, (long)pause.Delay.TotalMilliseconds, pause.RestartsInARow);
        Timers.StartSingleTimer("backoff", BackoffElapsed.Instance, pause.Delay);
        Become(BackingOff);
    }

    private void BeginStopping(Exception? cause)
    {
        Timers.CancelAll();
        CancelAccept();
        Acknowledge();
        _requests.Tell(new Drain(_run.Settings.DrainTimeout));
        Become(Stopping(cause));
    }

    /// <summary>Tells whoever asked to stop that no accept is pending any more (the request supervisor needs no answer).</summary>
    private void Acknowledge()
    {
        if (!Sender.IsNobody() && !Sender.Equals(_requests))
            Sender.Tell(AcceptingStopped.Instance);
    }

    private void Finish(bool served, Exception? cause)
    {
        Timers.CancelAll();
        CancelAccept();
        if (cause is not null)
            _run.Completion.TrySetException(cause);
        else
            _run.Completion.TrySetResult(served);
        Context.Stop(Self);
    }

    /// <summary>Cancels the pending accept, if any; should it complete all the same, its request still comes here.</summary>
    private void CancelAccept()
    {
        _pendingAccept?.Cancel();
        _pendingAccept?.Dispose();
        _pendingAccept = null;
    }
}
