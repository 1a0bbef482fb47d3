using ActorServer.Samples.Chat;
using Akka.Actor;

namespace ActorServer.Samples.ClusterChat;

/// <summary>
/// One connection's presence in a room, on the connection's own node: the room sends it lines, which it puts in the
/// connection's <see cref="Outbox"/>, and the handler's <see cref="ChatRoom.Say"/> and <see cref="ChatRoom.Who"/> go
/// through it to the room. A <see cref="Outbox"/> cannot cross the network; an actor reference can. Stopping it is
/// leaving the room (the room watches it).
/// </summary>
/// <remarks>
/// It follows the room when sharding moves it: told <see cref="ChatRoom.Moved"/> (or seeing the room terminate, when
/// its node crashed), it joins again through the shard region, holding the handler's messages back until the room has
/// it again, so that what this member says after a move reaches the room after its join, and after the list it passed on.
/// A join is sent again every <see cref="JoinRetry"/> until answered: after a crash, the region may still route the
/// first one to the dead node, until it too has seen that node go. Joining twice is harmless (the room answers
/// <see cref="ChatRoom.Joined"/> to a member it has).
/// </remarks>
public sealed class ChatMember : ReceiveActor, IWithUnboundedStash, IWithTimers
{
    /// <summary>How long a join waits for the room's answer before it is sent again.</summary>
    public static readonly TimeSpan JoinRetry = TimeSpan.FromSeconds(1);

    private const string RetryTimer = "join";
    private readonly string _room;
    private readonly string _nick;
    private readonly Outbox _outbox;
    private readonly IActorRef _region;

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
            EnterRoom(Sender);
        });
        Receive<ChatRoom.JoinRefused>(refused =>
        {
            asker.Tell(refused);
            Context.Stop(Self);
        });
    }

    private void InRoom(IActorRef room)
    {
        Receive<ChatRoom.Line>(line => Post(line, room));
        Receive<ChatRoom.Joined>(_ => { });   // the answer to a join sent again
        // Through the region, not to the room itself: a room moving buffers there rather than dropping the line.
        Receive<IRoomMessage>(message => _region.Forward(message));
        Receive<ChatRoom.Moved>(moved =>
        {
            Context.Unwatch(room);
            Rejoin(moved.Members);
        });
        Receive<Terminated>(ended => ended.ActorRef.Equals(room), _ =>
        {
            Rejoin([]);
            Post(new ChatRoom.Line("* the room's node failed; lines said since may be lost"), _region);
        });
    }

    private void Rejoining()
    {
        Receive<ChatRoom.Line>(line => Post(line, _region));
        Receive<ChatRoom.Join>(join => _region.Tell(join));
        Receive<IRoomMessage>(_ => Stash.Stash());
        // After a crash was seen first: the room's list is still worth passing on.
        Receive<ChatRoom.Moved>(moved => SendJoin(new ChatRoom.Join(_room, _nick, Self, moved.Members)));
        Receive<ChatRoom.Joined>(_ =>
        {
            Stash.UnstashAll();
            EnterRoom(Sender);
        });
        Receive<ChatRoom.JoinRefused>(refused =>
        {
            _outbox.TryPost($"! {refused.Reason}");
            Context.Stop(Self);
        });
    }

    private void SendJoin(ChatRoom.Join join)
    {
        _region.Tell(join);
        Timers.StartPeriodicTimer(RetryTimer, join, JoinRetry);
    }

    private void EnterRoom(IActorRef room)
    {
        Timers.Cancel(RetryTimer);
        Context.Watch(room);
        Become(() => InRoom(room));
    }

    private void Rejoin(ChatRoom.MemberRef[] known)
    {
        SendJoin(new ChatRoom.Join(_room, _nick, Self, known));
        Become(Rejoining);
    }

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
