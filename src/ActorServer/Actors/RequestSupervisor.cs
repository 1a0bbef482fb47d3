using ActorServer.Modes;
using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// The parent of every connection actor. Its supervision strategy is Python's <c>handle_error</c>: it logs a failed
/// request with the client address and applies the server's <see cref="HandlerErrorPolicy"/>. It also counts the
/// requests in flight and drains them at shutdown. States: serving → draining → cancelling.
/// </summary>
internal sealed class RequestSupervisor : ReceiveActor, IWithTimers
{
    private readonly SocketServer _server;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly List<IActorRef> _drainWaiters = [];
    private readonly SharedHandlerSchedulers _handlerSchedulers = new(Context);
    private IActorRef _listener = ActorRefs.Nobody;
    private long _counter;
    private int _active;

    public RequestSupervisor(SocketServer server)
    {
        _server = server;
        Serving();
    }

    public static Props Props(SocketServer server) => Akka.Actor.Props.Create(() => new RequestSupervisor(server));

    private void Serving()
    {
        Receive<StartRequest>(start =>
        {
            _listener = Sender;
            IActorRef child;
            try
            {
                var shared = _server.HandlerDispatcher is { } dispatcher ? _handlerSchedulers.For(dispatcher) : null;
                child = Context.ActorOf(ConnectionActor.Props(_server, start.Request, shared), "conn-" + ++_counter);
            }
            catch (Exception e)
            {
                // The listener counted this request in: count it out, or its slot is lost for good.
                _log.Error(e, "Could not start the request from {0}; its connection is closed", HandlerFailedException.ClientText(start.Request.ClientAddress));
                start.Request.Abort();
                _listener.Tell(RequestFinished.Instance);
                return;
            }
            Context.Watch(child);
            _active++;
        });
        Receive<Terminated>(_ => RequestEnded());
        Receive<InjectFault>(fault => throw fault.Cause);
        Receive<CountRequests>(ask =>
        {
            _listener = Sender;
            Sender.Tell(new RequestCount(_active, ask.Asked));
        });
        Receive<Drain>(drain =>
        {
            _drainWaiters.Add(Sender);
            if (_active == 0)
            {
                ReplyDrained();
                return;
            }
            // A drain asked for again (by a listener restarted while stopping) keeps the first one's clock.
            if (Timers.IsTimerActive("drain") || Timers.IsTimerActive("force"))
                return;
            _log.Info("Waiting up to {0} for {1} request(s) in flight to finish", drain.Timeout, _active);
            Timers.StartSingleTimer("drain", DrainTimedOut.Instance, drain.Timeout);
        });
        Receive<DrainTimedOut>(_ =>
        {
            _log.Warning("Drain timeout passed with {0} request(s) in flight: cancelling them", _active);
            foreach (var child in Requests())
                child.Tell(CancelRequest.Instance);
            // A handler stuck in blocking work ignores cancellation: after a grace period its actor is stopped anyway.
            Timers.StartSingleTimer("force", ForceStop.Instance, TimeSpan.FromSeconds(1));
        });
        Receive<ForceStop>(_ =>
        {
            foreach (var child in Requests())
            {
                _log.Warning("Request {0} ignored cancellation; stopping its actor (its handler is abandoned)", child.Path.Name);
                Context.Stop(child);
            }
        });
    }

    private IEnumerable<IActorRef> Requests() => Context.GetChildren().Where(child => !_handlerSchedulers.IsAnchor(child));

    private void RequestEnded()
    {
        _active--;
        _listener.Tell(RequestFinished.Instance);
        if (_active == 0 && _drainWaiters.Count > 0)
            ReplyDrained();
    }

    private void ReplyDrained()
    {
        Timers.CancelAll();
        foreach (var waiter in _drainWaiters)
            waiter.Tell(Drained.Instance);
        _drainWaiters.Clear();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// A failure of this actor's own code is logged and the message dropped (Akka's Resume, decided here): a restart
    /// would stop every request in flight and lose their count and the drain's waiters. Failures of requests come
    /// through <see cref="SupervisorStrategy"/> instead, as system messages, and are not caught here.
    /// </summary>
    protected override bool AroundReceive(Receive receive, object message)
    {
        try
        {
            return base.AroundReceive(receive, message);
        }
        catch (Exception e)
        {
            _log.Error(e, "The request supervisor failed on a {0}; it keeps its {1} request(s) in flight and goes on", message.GetType().Name, _active);
            return true;
        }
    }

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(Decide, loggingEnabled: false);

    private Directive Decide(Exception exception)
    {
        if (exception is not HandlerFailedException failure)
        {
            _log.Error(exception, "A connection actor failed outside its handler; that request is closed and the server goes on");
            return Directive.Stop;
        }
        if (ClientFault.Is(failure.InnerException))
        {
            _log.Warning("Request from {0} ended by the client in {1}: {2}",
                HandlerFailedException.ClientText(failure.ClientAddress), failure.Phase, failure.InnerException?.Message);
            return Directive.Stop;
        }
        _log.Error(failure.InnerException, "Exception occurred during processing of request from {0} ({1} in {2})",
            HandlerFailedException.ClientText(failure.ClientAddress), failure.HandlerType.Name, failure.Phase);
        switch (_server.OnHandlerError)
        {
            case HandlerErrorPolicy.StopServer:
                _log.Error("on-handler-error = stop-server: the server stops serving");
                _listener.Tell(new StopServing(failure));
                return Directive.Stop;
            case HandlerErrorPolicy.RestartListener:
                _log.Error("on-handler-error = restart-listener: the listener restarts and accepts again after a back-off");
                _listener.Tell(new RestartListener(failure));
                return Directive.Stop;
            case HandlerErrorPolicy.Escalate:
                _log.Error("on-handler-error = escalate: passing the failure to the server guardian's supervisor");
                return Directive.Escalate;
            default:
                return Directive.Stop;
        }
    }

    private sealed record DrainTimedOut
    {
        public static readonly DrainTimedOut Instance = new();
    }

    private sealed record ForceStop
    {
        public static readonly ForceStop Instance = new();
    }
}
