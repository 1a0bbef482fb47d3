using Akka.Actor;

namespace ActorServer.Samples.Chat;

/// <summary>
/// The chat's shared state, in one actor: who is in the room, and where to deliver what they say. Handlers never share
/// memory with each other; they tell and ask this actor, which sees one message at a time.
/// </summary>
/// <remarks>
/// Back-pressure both ways keeps the room's memory flat whatever its members do. A speaker waits for <see cref="Heard"/>
/// before its next line, so the mailbox holds at most one line per member. A listener's lines wait in its bounded
/// <see cref="Outbox"/>; when it is full, the room drops that member (its handler disconnects it with a last line that
/// says why) instead of queuing for it, or making every speaker wait for the slowest reader.
/// </remarks>
public sealed class ChatRoom : ReceiveActor
{
    private readonly Dictionary<string, Outbox> _members = new(StringComparer.OrdinalIgnoreCase);

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
            _members[join.Nick] = join.Outbox;
            join.Outbox.TryPost($"* welcome {join.Nick}; here: {string.Join(", ", Members())}");
            Sender.Tell(Joined.Instance);
        });
        Receive<Say>(say =>
        {
            Broadcast($"{say.Nick}: {say.Text}", except: say.Nick);
            Sender.Tell(Heard.Instance);
        });
        Receive<Leave>(leave =>
        {
            if (_members.Remove(leave.Nick))
                Broadcast($"* {leave.Nick} left");
        });
        Receive<Who>(_ => Sender.Tell(new Here(Members())));
    }

    private string[] Members() => [.. _members.Keys.Order()];

    private void Broadcast(string line, string? except = null)
    {
        var tooSlow = _members
            .Where(member => !string.Equals(member.Key, except, StringComparison.OrdinalIgnoreCase) && !member.Value.TryPost(line))
            .Select(member => member.Key)
            .ToList();
        foreach (var nick in tooSlow)
            _members.Remove(nick);
        foreach (var nick in tooSlow)
            Broadcast($"* {nick} left (too slow)");
    }

    /// <summary>Join as <paramref name="Nick"/>; lines for this member go to <paramref name="Outbox"/>, the welcome first.
    /// Replies <see cref="Joined"/> or <see cref="JoinRefused"/>.</summary>
    public sealed record Join(string Nick, Outbox Outbox) : INoSerializationVerificationNeeded;

    public sealed record Joined
    {
        public static readonly Joined Instance = new();
    }

    public sealed record JoinRefused(string Reason);

    /// <summary>Says <paramref name="Text"/> to the others; replies <see cref="Heard"/> once it is in their outboxes.</summary>
    public sealed record Say(string Nick, string Text);

    /// <summary>The room has passed a line on: the speaker may send the next.</summary>
    public sealed record Heard
    {
        public static readonly Heard Instance = new();
    }

    public sealed record Leave(string Nick);

    /// <summary>Asks who is in the room; replies <see cref="Here"/>.</summary>
    public sealed record Who
    {
        public static readonly Who Instance = new();
    }

    public sealed record Here(IReadOnlyList<string> Members);
}
