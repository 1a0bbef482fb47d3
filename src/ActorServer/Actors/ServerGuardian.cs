using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// The root of one server's actors (<c>/user/actor-server-NAME</c>) and the owner of its lifecycle: idle → serving(run)
/// → stopping(run) → idle. It keeps the request supervisor for the server's life and starts a listener per run; it
/// decides the listener's back-off (after <see cref="HandlerErrorPolicy.RestartListener"/> or the listener's own
/// failure, which it answers with a restart that keeps the run), and applies the escalate policy on the way up.
/// </summary>
internal sealed partial class ServerGuardian : ActorBase, IWithUnboundedStash
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SocketServer _server;
    private readonly IActorRef _requests;
    private readonly RestartBackoff _backoff = new();
    private int _runs;

    /// <summary>What a listener's failure leads to in the current state: its restart's first message.</summary>
    private Func<Exception, object?> _afterListenerRestart = _ => null;

    public ServerGuardian(SocketServer server)
    {
        _server = server;
        _requests = Context.ActorOf(RequestSupervisor.Props(Context.System.Settings.Config), "requests");
        Become(Idle);
    }

    public static Props Props(SocketServer server) => Akka.Actor.Props.Create(() => new ServerGuardian(server));

    public IStash Stash { get; set; } = null!;

    protected override bool Receive(object message) => false;

    private bool Idle(object message)
    {
        switch (message)
        {
            case StartServing start:
                _requests.Tell(new BeginRun(start.Run.Settings));
                var listener = Context.Watch(Context.ActorOf(ListenerActor.Props(start.Run, _requests), $"listener-{++_runs}"));
                Become(Serving(start.Run, listener));
                return true;
            case StopServing:
                Sender.Tell(AcceptingStopped.Instance);
                return true;
            case RestartListener restart:
                IgnoreRestart(restart, "it is not serving");
                return true;
            default:
                return OperateIdle(message);
        }
    }

    private Receive Serving(ServingRun run, IActorRef listener)
    {
        _afterListenerRestart = reason => Pause(run, $"{reason.GetType().Name}: {reason.Message}");
        return message =>
        {
            switch (message)
            {
                case StopServing stop:
                    listener.Forward(stop);
                    Become(Stopping(listener, stop.Cause));
                    return true;
                case RestartListener restart when _backoff.IsBackingOff:
                    IgnoreRestart(restart, "it is restarting already");
                    return true;
                case RestartListener restart:
                    listener.Tell(Pause(run, $"on-handler-error = restart-listener: {restart.Cause.Message}"));
                    return true;
                default:
                    return Operate(message, listener) || Ended(message, listener);
            }
        };
    }

    private Receive Stopping(IActorRef listener, Exception? cause)
    {
        _afterListenerRestart = reason =>
        {
            _log.Warning("The listener restarted while stopping ({0}: {1}); it goes on draining", reason.GetType().Name, reason.Message);
            return new StopServing(cause);
        };
        return message =>
        {
            switch (message)
            {
                case StopServing stop:
                    listener.Forward(stop);
                    return true;
                case RestartListener restart:
                    IgnoreRestart(restart, "it is stopping");
                    return true;
                default:
                    return Operate(message, listener) || Ended(message, listener);
            }
        };
    }

    /// <summary>The run's listener has stopped, its run complete: the server is idle. A next run asked for before this
    /// (its caller saw the run complete as the listener was still stopping) starts now.</summary>
    private bool Ended(object message, IActorRef listener)
    {
        if (message is StartServing)
        {
            Stash.Stash();
            return true;
        }
        if (message is not Terminated terminated || !terminated.ActorRef.Equals(listener))
            return false;
        _afterListenerRestart = _ => null;
        _requests.Tell(EndRun.Instance);
        Become(Idle);
        Stash.UnstashAll();
        return true;
    }

    private PauseAccepting Pause(ServingRun run, string cause)
    {
        var (restarts, delay) = _backoff.Next(run.Settings.Settings.ListenerBackoff);
        return new PauseAccepting(delay, restarts, cause);
    }

    private void IgnoreRestart(RestartListener restart, string why) =>
        _log.Debug("Not restarting the listener for the failure of a request from {0}: {1}",
            HandlerFailedException.ClientText(restart.Cause.ClientAddress), why);

    protected override SupervisorStrategy SupervisorStrategy() => new PerChildStrategy(Decide, RestartOrResume);

    private Directive Decide(Exception exception)
    {
        if (exception is not HandlerFailedException failure)
            return Directive.Restart;
        // on-handler-error = escalate: the serving call fails with the handler's exception, and this guardian's own
        // supervisor decides what becomes of the server (the default /user strategy restarts it, idle).
        _server.AbortServing(failure);
        return Directive.Escalate;
    }

    /// <summary>A child failed by a bug of its own; true to resume it rather than restart it.</summary>
    private bool RestartOrResume(IActorRef child, Exception exception)
    {
        if (child.Equals(_requests))
        {
            // A restart would stop every request in flight and lose their count and the drain's waiters.
            _log.Error(exception, "The request supervisor failed ({0}: {1}); it resumes with its requests in flight", exception.GetType().Name, exception.Message);
            return true;
        }
        _log.Error(exception, "A server actor failed unexpectedly; restarting it");
        // The restarted listener keeps its run (it is made from it) and takes this as its first word.
        if (_afterListenerRestart(exception) is { } first)
            child.Tell(first, ActorRefs.NoSender);
        return false;
    }

    /// <summary>Akka's one-for-one strategy, where a restart may be turned into a resume for the child that failed.</summary>
    private sealed class PerChildStrategy(Func<Exception, Directive> decide, Func<IActorRef, Exception, bool> resumeInstead)
        : OneForOneStrategy(decide, loggingEnabled: false)
    {
        public override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyCollection<ChildRestartStats> children)
        {
            if (restart && resumeInstead(child, cause))
                ResumeChild(child, cause);
            else
                base.ProcessFailure(context, restart, child, cause, stats, children);
        }
    }
}
