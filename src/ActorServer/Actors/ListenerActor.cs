using System.Net.Sockets;
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

    private SocketServer Server => _run.Settings.Server;

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
        StartTimers();
        Become(BackingOff);
    }

    protected override void PostStop()
    {
        CancelAccept();
        _run.Completion.TrySetException(new ServerStoppedException("the server's listener actor stopped"));
    }

    protected override bool Receive(object message) => false;

    private bool AwaitingAdmission(object message)
    {
        switch (message)
        {
            case Admitted:
                Accept();
                return true;
            default:
                return BeforeHandOver(message);
        }
    }

    private bool Accepting(object message)
    {
        switch (message)
        {
            case Accepted accepted:
                _pendingAccept = null;
                HandOver(accepted.Request);
                return true;
            case AcceptFailed failed:
                _pendingAccept = null;
                OnAcceptFailed(failed.Cause);
                return true;
            case Admitted:
                // A second admission (one answered late across a restart) is not a second leave: one accept at a time.
                return true;
            default:
                return BeforeHandOver(message);
        }
    }

    private bool RetryingAccept(object message)
    {
        switch (message)
        {
            case RetryAccept:
                Accept();
                return true;
            case Admitted:
                return true;
            default:
                return BeforeHandOver(message);
        }
    }

    private bool BackingOff(object message)
    {
        switch (message)
        {
            case Accepted accepted:
                // An accept cancelled as the pause began that completed all the same: it had its admission, so serve it.
                _requests.Tell(new StartRequest(accepted.Request));
                return true;
            case AcceptFailed or Admitted:
                return true;
            case BackoffElapsed:
                _requests.Tell(new WantAdmission(AfterPause: true));
                Become(AwaitingAdmission);
                return true;
            default:
                return BeforeHandOver(message);
        }
    }

    /// <summary>What every state takes before the run's request is handed over (all of them, outside a single-request run).</summary>
    private bool BeforeHandOver(object message)
    {
        switch (message)
        {
            case StopServing stop:
                BeginStopping(stop.Cause);
                return true;
            case PauseAccepting pause:
                Pause(pause);
                return true;
            case ServiceActionsTick:
                RunServiceActions();
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

    private void Accept()
    {
        _pendingAccept = new CancellationTokenSource();
        _ = AcceptAsync(Server, Self, _pendingAccept.Token);
        Become(Accepting);
    }

    /// <summary>One accept, reported to this actor as a message (an awaited accept: no continuation task, no closure).</summary>
    private static async Task AcceptAsync(SocketServer server, IActorRef self, CancellationToken cancellation)
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
                self.Tell(new AcceptFailed(e));
            return;
        }
        self.Tell(new Accepted(request));
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
        switch (cause)
        {
            case ObjectDisposedException:
                BeginStopping(new ServerStoppedException("the listening socket was closed while serving", cause));
                return;
            case SocketException { SocketErrorCode: SocketError.TooManyOpenSockets }:
                _requests.Tell(new DescriptorsExhausted(cause));
                Become(AwaitingAdmission);
                return;
            case InvalidOperationException:
                // The socket is not listening (ServerActivate was never called): no retry can succeed.
                BeginStopping(new ServerStoppedException($"the server cannot accept: {cause.Message}", cause));
                return;
            case SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted }:
                // A client that gave up between the handshake and accept(): nothing to do but take the next one.
                _log.Debug("A client reset before its connection was accepted");
                Accept();
                return;
            case SocketException { SocketErrorCode: SocketError.NoBufferSpaceAvailable } e:
                _log.Warning("Accept failed: {0} ({1}); accepting again in {2} ms", e.Message, e.SocketErrorCode, AcceptRetryDelay.TotalMilliseconds);
                RetryLater();
                return;
            default:
                _log.Warning("Accept failed: {0}: {1}; accepting again in {2} ms", cause.GetType().Name, cause.Message, AcceptRetryDelay.TotalMilliseconds);
                RetryLater();
                return;
        }
    }

    private void RetryLater()
    {
        Timers.StartSingleTimer("retry-accept", RetryAccept.Instance, AcceptRetryDelay);
        Become(RetryingAccept);
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

    private void RunServiceActions()
    {
        try
        {
            Server.InvokeServiceActions();
        }
        catch (Exception e)
        {
            _log.Error(e, "ServiceActions threw; the server goes on serving");
        }
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

    /// <summary>Cancels the pending accept; should it complete all the same, its request still comes to this actor.</summary>
    private void CancelAccept()
    {
        _pendingAccept?.Cancel();
        _pendingAccept?.Dispose();
        _pendingAccept = null;
    }
}
