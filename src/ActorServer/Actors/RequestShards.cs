using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>
/// Where the request supervisor puts each request's actor: under itself while it has few, under a shard of its own
/// (<c>requests/shard-N/conn-M</c>) once it has <see cref="DirectLimit"/> of its own, at most <see cref="ShardSize"/> in each.
/// The supervisor's own bookkeeping, used on its turn only.
/// </summary>
/// <remarks>
/// Akka keeps an actor's children in an immutable dictionary: each child's start adds to it twice (the name reserved,
/// then the child) and its end once, each a new path of tree nodes as deep as the log of the children. At 10,000
/// connections under one parent that was about 2 KiB allocated and 8 % of the server's CPU per connection (issue 13);
/// under shards of 64 the trees stay shallow. Below <see cref="DirectLimit"/> the requests stay the supervisor's own
/// children, so a server with few requests (every datagram, a short connection) pays no extra message for its end.
/// The supervisor creates each request in its shard itself, on the shard's cell (Akka's cells take children from
/// other threads, as <c>system.ActorOf</c> does for the guardian): no message, no wait for the shard's turn.
/// </remarks>
internal sealed class RequestShards(Func<Exception, Directive> decide)
{
    /// <summary>The requests the supervisor keeps as its own children before it starts putting them in shards.</summary>
    public const int DirectLimit = 64;

    /// <summary>The most requests in one shard.</summary>
    public const int ShardSize = 64;

    private const string NamePrefix = "shard-";

    private readonly List<Shard> _shards = [];
    private Shard? _filling;
    private int _direct;
    private int _made;

    /// <summary>Creates the request's actor: by <paramref name="direct"/> as the supervisor's own child while it has few,
    /// else in a shard with room (made when every one is full), and counts it there.</summary>
    public void Start(IActorContext context, RequestActorFactory direct, Props props, string name)
    {
        if (_direct < DirectLimit)
        {
            direct.ActorOf(props, name);
            _direct++;
            return;
        }
        if (_filling is not { Requests: < ShardSize })
            _filling = _shards.Find(static shard => shard.Requests < ShardSize) ?? Add(context);
        _filling.Cell.ActorOf(props, name);
        _filling.Requests++;
    }

    /// <summary>A request that was the supervisor's own child ended.</summary>
    public void DirectEnded() => _direct--;

    /// <summary>A request in <paramref name="shard"/> ended.</summary>
    public static void Ended(Shard shard) => shard.Requests--;

    /// <summary>True for a shard (not a request, not a dispatcher's anchor).</summary>
    public static bool IsShard(IActorRef child) => child.Path.Name.StartsWith(NamePrefix, StringComparison.Ordinal);

    /// <summary>A shard stopped (the supervisor is stopping, or a failure escalated through it): its requests have
    /// reported their ends already, as it waited for them to stop.</summary>
    public void Remove(IActorRef shard)
    {
        _shards.RemoveAll(known => known.Actor.Equals(shard));
        if (_filling is { } filling && filling.Actor.Equals(shard))
            _filling = null;
    }

    /// <summary>The requests in the shards (the supervisor's own children are its to list).</summary>
    public IEnumerable<IActorRef> Requests()
    {
        foreach (var shard in _shards)
        {
            foreach (var request in shard.Cell.GetChildren())
                yield return request;
        }
    }

    private Shard Add(IActorContext context)
    {
        var shard = new Shard();
        var actor = context.ActorOf(RequestShard.Props(decide, context.Self, new ShardRequestEnded(shard)), NamePrefix + ++_made);
        shard.Attach(actor);
        _shards.Add(shard);
        return shard;
    }

    /// <summary>One shard: its actor, its cell (to create requests in) and how many of the requests are in it.</summary>
    internal sealed class Shard
    {
        public IActorRef Actor { get; private set; } = ActorRefs.Nobody;

        public ActorCell Cell { get; private set; } = null!;

        public int Requests { get; set; }

        public void Attach(IActorRef actor)
        {
            Actor = actor;
            Cell = ((LocalActorRef)actor).Cell;
        }
    }
}
