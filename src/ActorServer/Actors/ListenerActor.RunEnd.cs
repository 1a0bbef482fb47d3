using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

// The listener's run ends here: a synchronous handle_request waiting for its request, and the stop with its drain.
internal sealed partial class ListenerActor
{
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
            case Accepted:
                // Its request went to the request supervisor, which closes it: it is not serving any more.
                return true;
            case Admitted or HandleRequestTimedOut or PauseAccepting:
                return true;
            default:
                return OperateEnding(message, ServerState.Serving, "it serves a single request (HandleRequestAsync)");
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
            case Accepted:
                // Its request went to the request supervisor, which closes it: it is not serving any more.
                return true;
            case PauseAccepting:
                _log.Debug("Not pausing the listener: it is stopping");
                return true;
            case Admitted or AcceptFailed or ServiceActionsTick or HandleRequestTimedOut or BackoffElapsed or RetryAccept:
                return true;
            default:
                return OperateEnding(message, ServerState.Draining, "it is draining");
        }
    };

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
}
