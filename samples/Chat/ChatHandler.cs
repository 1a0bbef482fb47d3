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
/// has taken nothing for <see cref="FarewellTimeout"/>.
/// </remarks>
public sealed class ChatHandler : StreamRequestHandler
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a member dropped for not reading may take nothing more before its connection is closed.</summary>
    public static readonly TimeSpan FarewellTimeout = TimeSpan.FromSeconds(15);

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
        var delivery = DeliverAsync(outbox, stopDelivery);
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

    /// <summary>
    /// Writes the room's lines to the client until <paramref name="stop"/> fires. Once the outbox has overflowed, it sends
    /// the lines still queued and the farewell, and gives up when the client has taken nothing for <see cref="FarewellTimeout"/>.
    /// </summary>
    private async Task DeliverAsync(Outbox outbox, CancellationTokenSource stop)
    {
        // A write waiting for a client that does not read ends only when it is cancelled.
        using var patience = outbox.Overflowed.Register(() => stop.CancelAfter(FarewellTimeout));
        try
        {
            while (await outbox.Lines.WaitToReadAsync(stop.Token))
            {
                while (outbox.Lines.TryRead(out var line))
                    await SendAsync(line);
                await FlushAsync(stop.Token);
            }
            await SendAsync("! too slow, disconnected");
            await FlushAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        async Task SendAsync(string line)
        {
            await WriteAsync(line + "\n", stop.Token);
            if (outbox.Overflowed.IsCancellationRequested)
                stop.CancelAfter(FarewellTimeout);   // the client took something: it has as long again for the rest
        }
    }
}
