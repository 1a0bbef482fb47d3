using Akka.Actor;

namespace ActorServer.Samples.ClusterChat;

/// <summary>A message that crosses the network between the chat's nodes: <see cref="ChatSerializer"/> writes it.</summary>
public interface IChatMessage;

/// <summary>A message for one room, which the shard region routes by <see cref="Room"/> (<see cref="RoomMessageExtractor"/>).</summary>
public interface IRoomMessage : IChatMessage
{
    /// <summary>The room's name: the entity's id.</summary>
    string Room { get; }
}

public sealed partial class ChatRoom
{
    /// <summary>
    /// <paramref name="Member"/> joins as <paramref name="Nick"/>; replies <see cref="Joined"/> or <see cref="JoinRefused"/>.
    /// A first join is announced and welcomed. A member joining again after the room moved passes on the list it was
    /// given (<paramref name="Known"/>, empty after a crash) and is neither announced nor welcomed; <paramref name="Said"/>
    /// is the last of its lines it knows heard, for when the list does not have it.
    /// </summary>
    public sealed record Join(string Room, string Nick, IActorRef Member, MemberRef[]? Known = null, long Said = 0) : IRoomMessage;

    /// <summary>One member of a room, as the room's list hands it on: with <paramref name="Said"/>, the number of its
    /// last line the room passed on, so that the room after a move does not pass a line sent again twice.</summary>
    public sealed record MemberRef(string Nick, IActorRef Member, long Said = 0);

    public sealed record Joined : IChatMessage
    {
        public static readonly Joined Instance = new();
    }

    public sealed record JoinRefused(string Reason) : IChatMessage;

    /// <summary>Says <paramref name="Text"/> to the others; replies <see cref="Heard"/> once it is on its way to them.
    /// <paramref name="Seq"/> numbers the member's lines from 1, so that a line sent again is passed on once.</summary>
    public sealed record Say(string Room, string Nick, string Text, long Seq) : IRoomMessage;

    /// <summary>The room has passed line <paramref name="Seq"/> on: the speaker may send the next.</summary>
    public sealed record Heard(long Seq) : IChatMessage;

    /// <summary>Asks who is in the room; replies <see cref="Here"/>.</summary>
    public sealed record Who(string Room) : IRoomMessage;

    public sealed record Here(string[] Members) : IChatMessage;

    /// <summary>From a member whose outbox overflowed: it has stopped, and the others are told why it left.</summary>
    public sealed record TooSlow(string Room, string Nick) : IRoomMessage;

    /// <summary>A line for a member's client.</summary>
    public sealed record Line(string Text) : IChatMessage;

    /// <summary>To every member when the room moves to another node: join again, passing on <paramref name="Members"/>.</summary>
    public sealed record Moved(MemberRef[] Members) : IChatMessage;

    /// <summary>The room is to stop: the shard region's hand-off stop message (the room moves), and the stop message of
    /// the room's own passivation once empty. Either way its members, if any, are told to join again.</summary>
    public sealed record HandOff
    {
        public static readonly HandOff Instance = new();
    }
}
