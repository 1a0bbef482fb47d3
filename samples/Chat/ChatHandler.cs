using Akka.Actor;
using Akka.Hosting;

namespace ActorServer.Samples.Chat;

/// <summary>
/// One chat connection. The first line is the nickname; every later line is said to the room, except <c>/who</c>,
/// which asks the room who is there. Lines from the room arrive in this member's <see cref="Outbox"/> and are written
/// to the client. The room actor comes from the host's container: constructor injection of an Akka.Hosting <see cref="IRequiredActor{TKey}"/>.
/// </summary>
/// <remarks>
/// The example of back-pressure. Reading waits for the room: each line is an Ask, and the next line is read only once
/// the room has heard this one, so a fast sender is slowed to the room's pace (TCP then slows its client) instead of
/// filling the room's mailbox. A member that does not read is disconnected: when its outbox overflows, it stops being
/// read, is sent the lines still queued and <c>! too slow, disconnected</c>, and is closed once sent, or once its client
/// has taken nothing for <see cref="Outbox.FarewellTimeout"/>.
/// </remarks>
public sealed class ChatHandler : StreamRequestHandler
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    private readonly IRequiredActor<ChatRoom> _room;

    public ChatHandler(IRequiredActor<ChatRoom> room)
    {
        _room = room;
        MaxLineLength = 4096;   // a chat line; with the outbox's capacity, it bounds what the room holds for a member
        WbufSize = -1;          // the lines waiting in the outbox go out in one write, not one write each
    }

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var room = await _room.GetAsync(cancellationToken);
        await WriteAsync("nickname?\n", cancellationToken);
        await FlushAsync(cancellationToken);
        var nick = (await ReadLineAsync(cancellationToken))?.Trim();
        if (string.IsNullOrEmpty(nick))
            return;

        var outbox = new Outbox();
        if (await room.Ask<object>(new ChatRoom.Join(nick, outbox), AskTimeout, cancellationToken) is ChatRoom.JoinRefused refused)
        {
            await WriteAsync($"! {refused.Reason}\n", cancellationToken);
            return;
        }

        using var stopDelivery = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delivery = outbox.DeliverAsync(this, stopDelivery);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, outbox.Overflowed);
        try
        {
            while (await ReadLineAsync(stopReading.Token) is { } line)
            {
                if (line.Trim() == "/who")
                {
                    var here = await room.Ask<ChatRoom.Here>(ChatRoom.Who.Instance, AskTimeout, stopReading.Token);
                    outbox.TryPost($"* here: {string.Join(", ", here.Members)}");
                }
                else if (line.Length > 0)
                {
                    await room.Ask<ChatRoom.Heard>(new ChatRoom.Say(nick, line), AskTimeout, stopReading.Token);
                }
            }
        }
        catch (OperationCanceledException) when (outbox.Overflowed.IsCancellationRequested)
        {
            // Too slow: the room has dropped this member already.
        }
        finally
        {
            room.Tell(new ChatRoom.Leave(nick));
            if (!outbox.Overflowed.IsCancellationRequested)
                await stopDelivery.CancelAsync();   // a member that leaves takes no more lines
            await delivery;
        }
    }
}
