using System.Threading.Channels;
using Akka.Actor;

namespace ActorServer.Samples.Chat;

/// <summary>
/// The chat's shared state, in one actor: who is in the room, and where to deliver what they say. Handlers never share
/// memory with each other; they tell and ask this actor, which sees one message at a time.
/// </summary>
public sealed class ChatRoom : ReceiveActor
{
    private readonly Dictionary<string, ChannelWriter<string>> _members = new(StringComparer.OrdinalIgnoreCase);

    public ChatRoom()
    {
        Receive<Join>(join =>
        {
            if (_members.ContainsKey(join.Nick))
            {
                Sender.Tell(new JoinRefused($"{join.Nick} is taken"));
                return;
            }
            Broadcast($"* {join.Nick} joined");
            _members[join.Nick] = join.Inbox;
            Sender.Tell(new Joined([.. _members.Keys.Order()]));
        });
        Receive<Say>(say => Broadcast($"{say.Nick}: {say.Text}", except: say.Nick));
        Receive<Leave>(leave =>
        {
            if (_members.Remove(leave.Nick))
                Broadcast($"* {leave.Nick} left");
        });
        Receive<Who>(_ => Sender.Tell(new Joined([.. _members.Keys.Order()])));
    }

    private void Broadcast(string line, string? except = null)
    {
        foreach (var (nick, inbox) in _members)
        {
            // A member whose client reads too slowly loses lines rather than making the room (and everyone) wait.
            if (!string.Equals(nick, except, StringComparison.OrdinalIgnoreCase))
                inbox.TryWrite(line);
        }
    }

    /// <summary>Join as <paramref name="Nick"/>; lines for this member go to <paramref name="Inbox"/>. Replies <see cref="Joined"/> or <see cref="JoinRefused"/>.</summary>
    public sealed record Join(string Nick, ChannelWriter<string> Inbox) : INoSerializationVerificationNeeded;

    public sealed record Joined(IReadOnlyList<string> Members);

    public sealed record JoinRefused(string Reason);

    public sealed record Say(string Nick, string Text);

    public sealed record Leave(string Nick);

    /// <summary>Asks who is in the room; replies <see cref="Joined"/> with the members.</summary>
    public sealed record Who
    {
        public static readonly Who Instance = new();
    }
}
