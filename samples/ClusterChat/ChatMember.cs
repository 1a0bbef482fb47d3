using ActorServer.Samples.Chat;
using Akka.Actor;

namespace ActorServer.Samples.ClusterChat;

/// <summary>
/// One connection's presence in a room, on the connection's own node: the room sends it lines, which it puts in the
/// connection's <see cref="Outbox"/>, and the handler's lines (<see cref="Speak"/>) and <see cref="ChatRoom.Who"/> go
/// through it to the room. A <see cref="Outbox"/> cannot cross the network; an actor reference can. Stopping it is
/// leaving the room (the room watches it).
/// </summary>
/// <remarks>
/// It follows the room when sharding moves it: told <see cref="ChatRoom.Moved"/> (or seeing the room terminate, when
/// its node crashed), it joins again through the shard region, holding the handler's messages back until the room has
/// it again, so that what this member says after a move reaches the room after its join, and after the list it passed on.
/// What it sends the room (a join, a line, <c>/who</c>) it sends again every <see cref="Resend"/> until answered: during
/// a move, or after a crash, the region may still route a message to the node the room has left. Twice is harmless:
/// the room answers a join of a member it has with <see cref="ChatRoom.Joined"/>, and passes a line on once (lines are
/// numbered, and the list a moving room hands on says the last number of each member).
/// </remarks>
public sealed class ChatMember : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    /// <summary>How long a message to the room waits for its answer before it is sent again.</summary>
    public static readonly TimeSpan Resend = TimeSpan.FromSeconds(1);

    private const string JoinTimer = "join";
    private const string RequestTimer = "request";
    private readonly string _room;
    private readonly string _nick;
    private readonly Outbox _outbox;
    private readonly IActorRef _region;
    private long _said;   // the number of this member's last line, heard or on its way

    public ChatMember(string room, string nick, Outbox outbox, IActorRef region)
    {
        (_room, _nick, _outbox, _region) = (room, nick, outbox, region);
        Outside();
    }

    public IStash Stash { get; set; } = null!;

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string room, string nick, Outbox outbox, IActorRef region) =>
        Akka.Actor.Props.Create(() => new ChatMember(room, nick, outbox, region));

    /// <summary>Asks the member to join its room; replies <see cref="ChatRoom.Joined"/> or <see cref="ChatRoom.JoinRefused"/>.</summary>
    public sealed record Enter
    {
        public static readonly Enter Instance = new();
    }

    /// <summary>The handler's line for the room; replies <see cref="ChatRoom.Heard"/> once the room has passed it on.</summary>
    public sealed record Speak(string Text);

    /// <summary>The handler's one message to the room in flight (the handler waits for each answer), sent again until answered.</summary>
    private sealed record Pending(IRoomMessage Request, IActorRef Asker);

    private void Outside() => Receive<Enter>(_ =>
    {
        SendJoin(new ChatRoom.Join(_room, _nick, Self));
        Become(() => Entering(Sender));
    });

    private void Entering(IActorRef asker)
    {
        Receive<ChatRoom.Line>(line => Post(line, _region));
        Receive<ChatRoom.Join>(join => _region.Tell(join));
        Receive<ChatRoom.Joined>(joined =>
        {
            asker.Tell(joined);
            EnterRoom(Sender, pending: null);
        });
        Receive<ChatRoom.JoinRefused>(refused =>
        {
            asker.Tell(refused);
            Context.Stop(Self);
        });
    }

    private void InRoom(IActorRef room, Pending? pending)
    {
        Receive<ChatRoom.Line>(line => Post(line, room));
        Receive<ChatRoom.Joined>(_ => { });   // the answer to a join sent again
        Receive<Speak>(speak => Request(room, new ChatRoom.Say(_room, _nick, speak.Text, ++_said), Sender));
        Receive<ChatRoom.Who>(who => Request(room, who, Sender));
        Answers(pending, next => Become(() => InRoom(room, next)));
        Receive<ChatRoom.Moved>(moved =>
        {
            Context.Unwatch(room);
            Rejoin(moved.Members, pending);
        });
        Receive<Terminated>(ended => ended.ActorRef.Equals(room), _ =>
        {
            Rejoin([], pending);
            Post(new ChatRoom.Line("* the room's node failed; lines said since may be lost"), _region);
        });
    }

    private void Rejoining(Pending? pending)
    {
        Receive<ChatRoom.Line>(line => Post(line, _region));
        Receive<ChatRoom.Join>(join => _region.Tell(join));
        Receive<Speak>(_ => Stash.Stash());
        Receive<ChatRoom.Who>(_ => Stash.Stash());
        Answers(pending, next => Become(() => Rejoining(next)));
        // After a crash was seen first: the room's list is still worth passing on.
        Receive<ChatRoom.Moved>(moved => SendJoin(new ChatRoom.Join(_room, _nick, Self, moved.Members, Heard(pending))));
        Receive<ChatRoom.Joined>(_ =>
        {
            Stash.UnstashAll();
            EnterRoom(Sender, pending);
        });
        Receive<ChatRoom.JoinRefused>(refused =>
        {
            _outbox.TryPost($"! {refused.Reason}");
            Context.Stop(Self);
        });
    }

    /// <summary>What every state does with the room's answers: <paramref name="pending"/>'s goes to its asker.</summary>
    private void Answers(Pending? pending, Action<Pending?> become)
    {
        Receive<Pending>(resend => _region.Tell(resend.Request));
        Receive<ChatRoom.Heard>(heard => Answer(pending, heard, pending?.Request is ChatRoom.Say say && say.Seq == heard.Seq, become));
        Receive<ChatRoom.Here>(here => Answer(pending, here, pending?.Request is ChatRoom.Who, become));
    }

    private void Answer(Pending? pending, object answer, bool answers, Action<Pending?> become)
    {
        if (pending is null || !answers)
            return;   // a late answer to a message sent twice
        Timers.Cancel(RequestTimer);
        pending.Asker.Tell(answer);
        become(null);
    }

    private void Request(IActorRef room, IRoomMessage request, IActorRef asker)
    {
        var pending = new Pending(request, asker);
        _region.Tell(request);
        Timers.StartPeriodicTimer(RequestTimer, pending, Resend);
        Become(() => InRoom(room, pending));
    }

    private void SendJoin(ChatRoom.Join join)
    {
        _region.Tell(join);
        Timers.StartPeriodicTimer(JoinTimer, join, Resend);
    }

    private void EnterRoom(IActorRef room, Pending? pending)
    {
        Timers.Cancel(JoinTimer);
        Context.Watch(room);
        Become(() => InRoom(room, pending));
    }

    private void Rejoin(ChatRoom.MemberRef[] known, Pending? pending)
    {
        SendJoin(new ChatRoom.Join(_room, _nick, Self, known, Heard(pending)));
        Become(() => Rejoining(pending));
    }

    /// <summary>The number of this member's last line known heard: all said but the one still waiting for its answer.</summary>
    private long Heard(Pending? pending) => pending?.Request is ChatRoom.Say ? _said - 1 : _said;

    /// <summary>Queues <paramref name="line"/> for the client; a full outbox drops this member, and the room hears why
    /// through <paramref name="room"/> (the room itself when known, so that it hears before it sees this actor stop).</summary>
    private void Post(ChatRoom.Line line, IActorRef room)
    {
        if (_outbox.TryPost(line.Text))
            return;
        // The handler now says goodbye to its client and stops this actor; until then, nothing more is taken.
        Timers.CancelAll();
        room.Tell(new ChatRoom.TooSlow(_room, _nick));
        Become(() => ReceiveAny(_ => { }));
    }
}
