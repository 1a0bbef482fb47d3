using ActorServer.Cluster.Messages;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;

namespace ActorServer.Cluster.Worker;

/// <summary>
/// A worker node's one worker, at <see cref="Path"/>: the routee of every front node's router. It serves each
/// <see cref="ServeRequest"/> as a <see cref="WorkerRequest"/> and counts them; at coordinated shutdown it drains
/// (refusing new requests, which their front sends elsewhere) until the last ends or the drain timeout cancels the rest.
/// States: serving → draining(deadline).
/// </summary>
internal sealed class WorkerActor : ActorBase, IWithTimers
{
    /// <summary>The name of the worker under <c>/user</c>; the routers' <c>routees.paths</c>.</summary>
    public const string Name = "actor-server-worker";

    /// <summary>The worker's path on every worker node.</summary>
    public const string Path = "/user/" + Name;

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<string, Type?> _handlerTypes = new(StringComparer.Ordinal);
    private readonly HashSet<WorkerRequest> _inFlight = [];
    private readonly List<IActorRef> _drainWaiters = [];
    private readonly Address _node;
    private readonly string _address;
    private readonly IMaterializer _materializer;

    public WorkerActor(Address node)
    {
        _node = node;
        _address = node.ToString();
        _materializer = Context.Materializer(namePrefix: "request");
    }

    public static Props Props(Address node) => Akka.Actor.Props.Create(() => new WorkerActor(node));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case ServeRequest serve:
                Serve(serve);
                return true;
            case RequestEnded ended:
                _inFlight.Remove(ended.Request);
                return true;
            case Drain drain:
                _drainWaiters.Add(Sender);
                _log.Info("The worker drains {0} requests (up to {1} ms) before its node leaves", _inFlight.Count, drain.Timeout.TotalMilliseconds);
                Timers.StartSingleTimer("drain", DrainTimedOut.Instance, drain.Timeout);
                Become(Draining);
                EndDrainIfDone();
                return true;
            default:
                return false;
        }
    }

    /// <summary>Draining: new requests are refused (their front sends them elsewhere); the last one's end, or the drain
    /// timeout, answers the coordinated shutdown.</summary>
    private bool Draining(object message)
    {
        switch (message)
        {
            case ServeRequest serve:
                Sender.Tell(new Refused(_address, "the worker is draining: its node is leaving"));
                _log.Debug("Refused the request of {0} from server {1}: draining", serve.Client, serve.Server);
                return true;
            case RequestEnded ended:
                _inFlight.Remove(ended.Request);
                EndDrainIfDone();
                return true;
            case Drain:
                _drainWaiters.Add(Sender);
                EndDrainIfDone();
                return true;
            case DrainTimedOut:
                _log.Warning("The worker's drain timed out with {0} requests in flight; they are cancelled", _inFlight.Count);
                foreach (var request in _inFlight)
                    request.Abort();
                _inFlight.Clear();
                EndDrainIfDone();
                return true;
            default:
                return false;
        }
    }

    private void EndDrainIfDone()
    {
        if (_inFlight.Count > 0)
            return;
        Timers.Cancel("drain");
        foreach (var waiter in _drainWaiters)
            waiter.Tell(Drained.Instance);
        _drainWaiters.Clear();
    }

    private void Serve(ServeRequest serve)
    {
        var handlerType = HandlerType(serve.HandlerType);
        if (handlerType is null)
        {
            // Every worker runs the same deployment: another would fail alike, so this is the handler's failure, not a refusal.
            _log.Error("Cannot serve the request of {0} from server {1}: the handler type {2} cannot be loaded on this node",
                serve.Client, serve.Server, serve.HandlerType);
        }
        var request = new WorkerRequest(serve, handlerType, new WorkerContext(Context.System, _node, serve.Server), _materializer, _log);
        _inFlight.Add(request);
        var self = Self;
        var replyTo = Sender;
        _ = Task.Run(async () =>
        {
            await request.RunAsync(replyTo).ConfigureAwait(false);
            self.Tell(new RequestEnded(request));
        });
    }

    private Type? HandlerType(string name)
    {
        if (!_handlerTypes.TryGetValue(name, out var type))
        {
            type = Type.GetType(name, throwOnError: false);
            if (type is not null && (!typeof(BaseRequestHandler).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null))
                type = null;
            _handlerTypes[name] = type;
        }
        return type;
    }

    /// <summary>Coordinated shutdown's request: drain, then answer <see cref="Drained"/>.</summary>
    public sealed record Drain(TimeSpan Timeout);

    public sealed record Drained
    {
        public static readonly Drained Instance = new();
    }

    private sealed record DrainTimedOut
    {
        public static readonly DrainTimedOut Instance = new();
    }

    private sealed record RequestEnded(WorkerRequest Request) : INoSerializationVerificationNeeded;
}
