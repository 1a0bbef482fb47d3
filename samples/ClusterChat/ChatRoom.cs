using Akka.Actor;
using Akka.Cluster.Sharding;

namespace ActorServer.Samples.ClusterChat;

/// <summary>
/// One chat room, as a Cluster Sharding entity: it lives on one node of the cluster at a time, wherever sharding puts
/// it, and every node's handlers reach it through their own node's shard region. Its members are
/// <see cref="ChatMember"/> actors, one per connection, on any node; it sends them lines and watches them, so a member
/// whose connection ends (or whose node fails) leaves the room.
/// </summary>
/// <remarks>
/// The room keeps nothing that outlives it: its members list is rebuilt from the members. When sharding moves the room
/// (its node leaves, or a rebalance), the hand-off stop message (<see cref="HandOff"/>) makes it send every member the
/// list (<see cref="Moved"/>) before it stops; each member joins again through its region, which buffers until the
/// room has started on another node, and whichever of those joins arrives first brings back the whole list. A room
/// whose node crashes sends nothing: its members see it terminate, join again one by one, and lines said in between are
/// lost. A line said while the room moves reaches the room before its speaker's join, and waits for it. An empty
/// room passivates, so rooms cost memory only while someone is in them.
/// </remarks>
public sealed partial class ChatRoom : ReceiveActor, IWithUnboundedStash
{
    private readonly Dictionary<string, MemberRef> _members = new(StringComparer.OrdinalIgnoreCase);

    public ChatRoom()
    {
        Receive<Join>(OnJoin);
        Receive<Say>(say => !_members.ContainsKey(say.Nick), _ => Stash.Stash());
        Receive<Say>(say =>
        {
            // A line sent again (its answer was lost in a move) is answered, not said twice.
            if (say.Seq > _members[say.Nick].Said)
            {
                _members[say.Nick] = _members[say.Nick] with { Said = say.Seq };
                Broadcast($"{say.Nick}: {say.Text}", except: say.Nick);
            }
            Sender.Tell(new Heard(say.Seq));
        });
        Receive<Who>(_ => Sender.Tell(new Here(_members.Keys.Order().ToArray())));
        Receive<TooSlow>(slow =>
        {
            if (_members.TryGetValue(slow.Nick, out var member) && member.Member.Equals(Sender))
                Remove(slow.Nick, "left (too slow)");
        });
        Receive<Terminated>(ended =>
        {
            if (_members.Values.FirstOrDefault(m => m.Member.Equals(ended.ActorRef)) is { } member)
                Remove(member.Nick, "left");
        });
        Receive<HandOff>(_ =>
        {
            var members = _members.Values.ToArray();
            foreach (var member in members)
                member.Member.Tell(new Moved(members));
            Context.Stop(Self);
        });
    }

    public IStash Stash { get; set; } = null!;

    private void OnJoin(Join join)
    {
        // Only a member speaks, so a line from a stranger was said while the room moved, and its speaker's join is on
        // its way behind it (through the same region): the line waits for it, and is then heard by the whole list.
        Stash.UnstashAll();

        foreach (var known in join.Known ?? [])
            if (!_members.ContainsKey(known.Nick))
                Add(known);

        if (_members.TryGetValue(join.Nick, out var member))
        {
            // A member that joins again after a move (or was brought back by another member's list) is already here.
            Sender.Tell(member.Member.Equals(join.Member) ? Joined.Instance : new JoinRefused($"{join.Nick} is taken"));
            return;
        }
        if (join.Known is null)
            Broadcast($"* {join.Nick} joined");
        Add(new MemberRef(join.Nick, join.Member, join.Said));
        if (join.Known is null)
            join.Member.Tell(new Line($"* welcome {join.Nick}; here: {string.Join(", ", _members.Keys.Order())}"));
        Sender.Tell(Joined.Instance);
    }

    private void Add(MemberRef member)
    {
        _members[member.Nick] = member;
        Context.Watch(member.Member);
    }

    private void Remove(string nick, string why)
    {
        Context.Unwatch(_members[nick].Member);
        _members.Remove(nick);
        Broadcast($"* {nick} {why}");
        // Stopped as for a move: a member whose join was already in the mailbox is told to join again.
        if (_members.Count == 0)
            Context.Parent.Tell(new Passivate(HandOff.Instance));
    }

    private void Broadcast(string line, string? except = null)
    {
        foreach (var member in _members.Values)
            if (!string.Equals(member.Nick, except, StringComparison.OrdinalIgnoreCase))
                member.Member.Tell(new Line(line));
    }
}
