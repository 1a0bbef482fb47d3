using ActorServer.Samples.Chat;
using Akka.Actor;
using Akka.Hosting;

namespace ActorServer.Samples.ClusterChat;

/// <summary>
/// One chat connection on any node of the cluster. The first line is the nickname, the second the room (empty for
/// <c>lobby</c>); every later line is said to the room, except <c>/who</c>, which asks the room who is there. The room
/// is a sharded entity wherever sharding put it; the handler reaches it through a <see cref="ChatMember"/> actor of its
/// own node, which joins the room through the node's shard region (an <see cref="IRequiredActor{TKey}"/> from the
/// container) and puts the room's lines in this connection's <see cref="Outbox"/>.
/// </summary>
/// <remarks>
/// Back-pressure is the single-node chat's: each line is an Ask, answered once the room has passed it on, so a fast
/// sender goes at the room's pace; a member whose outbox overflows is dropped and told why. A room that does not answer
/// within <see cref="AskTimeout"/> (its node crashed and is not yet downed) ends the connection, which says so.
/// </remarks>
public sealed class ClusterChatHandler : StreamRequestHandler
{
    /// <summary>How long a line (or <c>/who</c>) may wait for the room, including while the room moves.</summary>
    public static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The room of a member who names none.</summary>
    public const string DefaultRoom = "lobby";

    private readonly IRequiredActor<ChatRoom> _rooms;
    private readonly ActorSystem _system;

    public ClusterChatHandler(IRequiredActor<ChatRoom> rooms, ActorSystem system)
    {
        (_rooms, _system) = (rooms, system);
        MaxLineLength = 4096;   // a chat line; with the outbox's capacity, it bounds what a member holds
        WbufSize = -1;          // the lines waiting in the outbox go out in one write, not one write each
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var region = await _rooms.GetAsync(cancellationToken);
        var nick = await PromptAsync("nickname?", cancellationToken);
        if (string.IsNullOrEmpty(nick))
            return;
        var room = await PromptAsync("room?", cancellationToken);
        if (room is null)
            return;
        room = room.Length == 0 ? DefaultRoom : room;
        if (!RoomName.IsValid(room))
        {
            await WriteAsync($"! {RoomName.Rule}\n", cancellationToken);
            return;
        }

        var outbox = new Outbox();
        var member = _system.ActorOf(ChatMember.Props(room, nick, outbox, region));
        using var stopDelivery = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delivery = Task.CompletedTask;
        string? farewell = null;
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, outbox.Overflowed);
        try
        {
            if (await member.Ask<object>(ChatMember.Enter.Instance, AskTimeout, cancellationToken) is ChatRoom.JoinRefused refused)
            {
                await WriteAsync($"! {refused.Reason}\n", cancellationToken);
                return;
            }
            delivery = outbox.DeliverAsync(this, stopDelivery);
            while (await ReadLineAsync(stopReading.Token) is { } line)
            {
                if (line.Trim() == "/who")
                {
                    var here = await member.Ask<ChatRoom.Here>(new ChatRoom.Who(room), AskTimeout, stopReading.Token);
                    outbox.TryPost($"* here: {string.Join(", ", here.Members)}");
                }
                else if (line.Length > 0)
                {
                    await member.Ask<ChatRoom.Heard>(new ChatMember.Speak(line), AskTimeout, stopReading.Token);
                }
            }
        }
        catch (OperationCanceledException) when (outbox.Overflowed.IsCancellationRequested)
        {
            // Too slow: the room has dropped this member already.
        }
        catch (AskTimeoutException)
        {
            farewell = $"! the room did not answer within {AskTimeout.TotalSeconds:0} s; disconnected";
        }
        finally
        {
            _system.Stop(member);   // leaving: the room watches the member
            if (!outbox.Overflowed.IsCancellationRequested)
                await stopDelivery.CancelAsync();   // a member that leaves takes no more lines
            await delivery;
        }
        if (farewell is not null)
            await WriteAsync(farewell + "\n", cancellationToken);
    }

    private async Task<string?> PromptAsync(string prompt, CancellationToken cancellationToken)
    {
        await WriteAsync(prompt + "\n", cancellationToken);
        await FlushAsync(cancellationToken);
        return (await ReadLineAsync(cancellationToken))?.Trim();
    }
}
