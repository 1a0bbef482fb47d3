using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>
/// A parent for some of the request supervisor's requests, when it has many (<see cref="RequestShards"/> says why). It
/// owns nothing: the supervisor creates the requests in it, counts them and sets the limits; the shard applies the
/// supervisor's decider to a failed request (Python's <c>handle_error</c>) and tells the supervisor of each end.
/// </summary>
internal sealed class RequestShard : ActorBase
{
    private readonly Func<Exception, Directive> _decide;
    private readonly IActorRef _supervisor;
    private readonly ShardRequestEnded _ended;

    private RequestShard(Func<Exception, Directive> decide, IActorRef supervisor, ShardRequestEnded ended)
    {
        _decide = decide;
        _supervisor = supervisor;
        _ended = ended;
    }

    /// <param name="decide">The supervisor's decider; it runs on this shard's thread, so it reads nothing of the
    /// supervisor's actor context.</param>
    /// <param name="ended">Told to <paramref name="supervisor"/> at each request's end: one instance per shard, so an end
    /// costs no message object.</param>
    public static Props Props(Func<Exception, Directive> decide, IActorRef supervisor, ShardRequestEnded ended) =>
        DelegateProducer<RequestShard>.Props(() => new RequestShard(decide, supervisor, ended));

    /// <summary>Nothing is sent to a shard: its requests are made in it and end in it.</summary>
    protected override bool Receive(object message) => false;

    protected override SupervisorStrategy SupervisorStrategy() =>
        new RequestStrategy(_decide, _ => _supervisor.Tell(_ended, ActorRefs.NoSender));
}

/// <summary>One of <paramref name="Shard"/>'s requests has ended (its actor stopped).</summary>
internal sealed record ShardRequestEnded(RequestShards.Shard Shard);
