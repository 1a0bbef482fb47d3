using ActorServer.Modes;
using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// The parent of every connection actor, and the one owner of the count of requests in flight and of the limits
/// (<c>max-connections</c>, <c>max-children</c>, synchronous mode's one, the ceiling at EMFILE): it admits requests,
/// applies <c>VerifyRequest</c>, gives the listener its admissions, and drains at shutdown. Its supervision strategy is
/// Python's <c>handle_error</c> (<see cref="HandlerFailures"/>). States: idle → serving(run) → draining → idle (at the run's end).
/// </summary>
internal sealed partial class RequestSupervisor : ActorBase, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly HashSet<IActorRef> _drainWaiters = [];
    private readonly SharedHandlerSchedulers _handlerSchedulers;
    private readonly Admissions _admissions = new();
    private readonly DescriptorGuard _descriptors;
    private readonly RequestShards _shards;

    /// <summary>The server's guardian, for the decider, which also runs on the shards' threads (where this actor's
    /// context cannot be read).</summary>
    private readonly IActorRef _guardian;

    /// <summary>What makes the request actors, from templates with <see cref="RequestMailbox"/> where the system defines
    /// it (ActorServer's defaults are beneath its configuration; without them, Akka's default mailbox); the second, for
    /// requests whose handler runs on their actor, adds <see cref="RequestExecutor"/>'s dispatcher.</summary>
    private readonly (RequestActorFactory Plain, RequestActorFactory OnActor) _connections;

    /// <summary>The run's listener, from its first <see cref="WantAdmission"/> until the drain or the run's end.</summary>
    private IActorRef _listener = ActorRefs.Nobody;
    // Volatile: the shards apply Decide on their own threads, and a run's Begin sets it while shards of the last run live on.
    private volatile HandlerErrorPolicy _policy;
    private ClientFaultLog? _clientFaults;
    private long _counter;

    /// <summary>The run being served, for the requests held until one ends; null outside serving.</summary>
    private RunSettings? _serving;

    public RequestSupervisor()
    {
        _handlerSchedulers = new SharedHandlerSchedulers(Context);
        _descriptors = new DescriptorGuard(_admissions, _log);
        _guardian = Context.Parent;
        _shards = new RequestShards(Decide);
        var (plain, onActor) = ConnectionProps.Templates(Context.System.Settings.Config);
        _connections = (RequestActorFactory.For(Context, plain), RequestActorFactory.For(Context, onActor));
        Become(Idle);
    }

    /// <summary>The supervisor's Props, on <see cref="RequestExecutor"/>'s dispatcher where <paramref name="config"/> (its
    /// system's) defines it, so that a datagram's receive loop can run its turn inline.</summary>
    public static Props Props(Akka.Configuration.Config config) =>
        RequestExecutor.OnItsDispatcher(Akka.Actor.Props.Create(() => new RequestSupervisor()), config);

    public ITimerScheduler Timers { get; set; } = null!;

    protected override bool Receive(object message) => false;

    private bool Idle(object message)
    {
        switch (message)
        {
            case StartRequest start:
                start.Request.Abort();
                return true;
            case WantAdmission or DescriptorsExhausted or RetryAdmission:
                return true;
            default:
                return InEveryState(message);
        }
    }

    private Receive Serving(RunSettings run) => message =>
    {
        switch (message)
        {
            case WantAdmission want:
                _listener = Sender;
                _admissions.ListenerHoldsNone();
                if (want.AfterPause)
                    _log.Info("The listener accepts again after its restart ({0} requests in flight)", _admissions.Active);
                AdmitListener();
                return true;
            case StartRequest start:
                _admissions.Used();
                Admit(run, start.Request);
                // A datagram served here took no descriptor (the socket is the server's): counting them, a statx per
                // datagram, was a tenth of its CPU.
                if (!start.Request.IsDatagram || !run.Mode.RunsHandlerHere)
                    _descriptors.ReleaseIfNearlyOut();
                AdmitListener();
                return true;
            case DescriptorsExhausted exhausted:
                // The admissions come back; new ones go out as requests end, or (none open) after a short wait.
                _admissions.ListenerHoldsNone();
                if (!_descriptors.Exhausted(exhausted.Cause))
                    Timers.StartSingleTimer("retry-admission", RetryAdmission.Instance, AcceptOnce.RetryDelay);
                return true;
            case RetryAdmission:
                AdmitListener();
                return true;
            case SetMaxConnections change:
                ChangeLimit(run, change);
                return true;
            case Drain { Timeout: { } timeout }:
                _serving = null;
                _listener = ActorRefs.Nobody;
                _admissions.StopAdmitting();
                Become(Draining);
                BeginDrain(timeout);
                return true;
            default:
                return InEveryState(message);
        }
    };

    /// <summary>Draining admits nothing, as idle does; a drain asked for again (by a listener restarted while stopping)
    /// keeps the first one's clock.</summary>
    private bool Draining(object message)
    {
        if (message is not Drain { Timeout: { } timeout })
            return Idle(message);
        BeginDrain(timeout);
        return true;
    }

    private bool InEveryState(object message)
    {
        switch (message)
        {
            case EndRun:
                _serving = null;
                _listener = ActorRefs.Nobody;
                _admissions.StopAdmitting();
                Become(Idle);
                return true;
            case BeginRun begin:
                _listener = ActorRefs.Nobody;
                _policy = begin.Settings.Settings.OnHandlerError;
                _clientFaults = begin.Settings.Server.ClientFaults;
                _admissions.BeginRun(begin.Settings.Capacity, begin.Settings.Server.Stats, begin.Settings.Server.AdmissionsGated);
                _maxConnections = begin.Settings.Settings.MaxConnections;
                _server = begin.Settings.Server;
                _descriptors.BeginRun();
                _serving = begin.Settings;
                Become(Serving(begin.Settings));
                return true;
            case Drain:
                _drainWaiters.Add(Sender);
                ReplyIfDrained();
                return true;
            case ShardRequestEnded ended:
                RequestShards.Ended(ended.Shard);
                OneEnded();
                return true;
            case DrainTimedOut:
                _log.Warning("Drain timeout passed with {0} request(s) in flight: cancelling them", _admissions.Active);
                foreach (var child in Requests())
                    child.Tell(CancelRequest.Instance);
                Timers.StartSingleTimer("force", ForceStop.Instance, ForceStopGrace);
                return true;
            case ForceStop:
                foreach (var child in Requests())
                {
                    _log.Warning("Request {0} ignored cancellation; stopping its actor (its handler is abandoned)", child.Path.Name);
                    Context.Stop(child);
                }
                return true;
            default:
                return OperateInEveryState(message);
        }
    }

    private void Admit(RunSettings run, AcceptedRequest request)
    {
        run.Server.Stats.CountAccepted();
        if (!Verified(run, request))
            return;
        if (_admissions.TryStart(request))
            StartConnection(run, request);
    }

    private void StartConnection(RunSettings run, AcceptedRequest request)
    {
        try
        {
            var name = "conn-" + ++_counter;
            if (run.HandlerRunsOnActor)
            {
                // Its first turn (the whole of most datagrams) runs here, on this actor's thread: RequestExecutor says why.
                RequestExecutor.RunInline(static start => start.Shards.Start(Context, start.Factory, start.Props, start.Name),
                    (Shards: _shards, Factory: _connections.OnActor, Props: (Props)new ConnectionProps(_connections.OnActor.Template, run, request, null), Name: name));
            }
            else
            {
                var shared = run.HandlerDispatcher is { } dispatcher ? _handlerSchedulers.For(dispatcher) : null;
                _shards.Start(Context, _connections.Plain, new ConnectionProps(_connections.Plain.Template, run, request, shared), name);
            }
        }
        catch (Exception e)
        {
            _log.Error(e, "Could not start the request from {0}; its connection is closed", HandlerFailedException.ClientText(request.ClientAddress));
            request.Abort();
            return;
        }
        // Not watched: its end reaches ChildEnded (or its shard's ShardRequestEnded) through the strategy (RequestStrategy says why).
        _admissions.Started();
    }

    /// <summary>Gives the listener what admissions there is room for, once it has asked for some in this run.</summary>
    private void AdmitListener()
    {
        if (!_listener.IsNobody() && _admissions.Grant() is > 0 and var count)
            _listener.Tell(new Admitted(count));
    }

    private void StartHeld(RunSettings run)
    {
        while (_admissions.NextHeld() is { } held)
            StartConnection(run, held);
    }

    /// <summary>A child stopped (its end, a failure its strategy stopped, a forced stop). Called in Akka's handling of a
    /// system message, where a throw would fail this actor and every request with it.</summary>
    private void ChildEnded(IActorRef child)
    {
        try
        {
            if (_handlerSchedulers.IsAnchor(child))
                return;
            if (RequestShards.IsShard(child))
            {
                _shards.Remove(child);
                return;
            }
            _shards.DirectEnded();
            OneEnded();
        }
        catch (Exception e)
        {
            _log.Error(e, "The request supervisor failed as request {0} ended; it goes on", child.Path.Name);
        }
    }

    /// <summary>A request ended, in a shard or as this actor's child: the count goes down, held requests start.</summary>
    private void OneEnded()
    {
        RequestEnded();
        if (_serving is not { } run)
            return;
        StartHeld(run);
        AdmitListener();
    }

    private void RequestEnded()
    {
        _admissions.Ended();
        _descriptors.RetakeIfFree();
        ReplyIfDrained();
    }

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
            _log.Error(e, "The request supervisor failed on a {0}; it keeps its {1} request(s) in flight and goes on", message.GetType().Name, _admissions.Active);
            return true;
        }
    }

    protected override void PostStop()
    {
        _admissions.AbortHeld();
        _descriptors.Dispose();
    }

    protected override SupervisorStrategy SupervisorStrategy() => new RequestStrategy(Decide, ChildEnded);

    /// <summary>Python's <c>handle_error</c> for a failed request, here and in the shards: it reads the run's policy,
    /// set at each <see cref="BeginRun"/>.</summary>
    private Directive Decide(Exception e) => HandlerFailures.Decide(e, _policy, _guardian, _log);

    private sealed record DrainTimedOut { public static readonly DrainTimedOut Instance = new(); }
    private sealed record ForceStop { public static readonly ForceStop Instance = new(); }
    private sealed record RetryAdmission { public static readonly RetryAdmission Instance = new(); }
}
