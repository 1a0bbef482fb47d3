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
/// </remarks>
public sealed class ChatMember : ReceiveActor, IWithUnboundedStash
{
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

    public static Props Props(string room, string nick, Outbox outbox, IActorRef region) =>
        Akka.Actor.Props.Create(() => new ChatMember(room, nick, outbox, region));

    /// <summary>Asks the member to join its room; replies <see cref="ChatRoom.Joined"/> or <see cref="ChatRoom.JoinRefused"/>.</summary>
    public sealed record Enter
    {
        public static readonly Enter Instance = new();
    }

    private void Outside() => Receive<Enter>(_ =>
    {
        _region.Tell(new ChatRoom.Join(_room, _nick, Self));
        Become(() => Entering(Sender));
    });

    private void Entering(IActorRef asker)
    {
        Receive<ChatRoom.Line>(line => Post(line, _region));
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
        Receive<IRoomMessage>(message => room.Forward(message));
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
        Receive<IRoomMessage>(_ => Stash.Stash());
        // After a crash was seen first: the room's list is still worth passing on.
        Receive<ChatRoom.Moved>(moved => _region.Tell(new ChatRoom.Join(_room, _nick, Self, moved.Members)));
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

    private void EnterRoom(IActorRef room)
    {
        Context.Watch(room);
        Become(() => InRoom(room));
    }

    private void Rejoin(ChatRoom.MemberRef[] known)
    {
        _region.Tell(new ChatRoom.Join(_room, _nick, Self, known));
        Become(Rejoining);
    }

    /// <summary>Queues <paramref name="line"/> for the client; a full outbox drops this member, and the room hears why
    /// through <paramref name="room"/> (the room itself when known, so that it hears before it sees this actor stop).</summary>
    private void Post(ChatRoom.Line line, IActorRef room)
    {
        if (_outbox.TryPost(line.Text))
            return;
        // The handler now says goodbye to its client and stops this actor; until then, nothing more is taken.
        room.Tell(new ChatRoom.TooSlow(_room, _nick));
        Become(() => ReceiveAny(_ => { }));
    }
}
