using System.Threading.Channels;
using Akka.Actor;
using Akka.Hosting;

namespace ActorServer.Samples.Chat;

/// <summary>
/// One chat connection. The first line is the nickname; every later line is said to the room, except <c>/who</c>,
/// which asks the room who is there. Lines from the room arrive in this member's inbox and are written to the client.
/// The room actor comes from the host's container: constructor injection of an Akka.Hosting <see cref="IRequiredActor{TKey}"/>.
/// </summary>
public sealed class ChatHandler(IRequiredActor<ChatRoom> room) : StreamRequestHandler
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);

    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var roomRef = await room.GetAsync(cancellationToken);
        await WriteAsync("nickname?\n", cancellationToken);
        var nick = (await ReadLineAsync(cancellationToken))?.Trim();
        if (string.IsNullOrEmpty(nick))
            return;

        var inbox = Channel.CreateBounded<string>(new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest });
        switch (await roomRef.Ask<object>(new ChatRoom.Join(nick, inbox.Writer), AskTimeout, cancellationToken))
        {
            case ChatRoom.JoinRefused refused:
                await WriteAsync($"! {refused.Reason}\n", cancellationToken);
                return;
            case ChatRoom.Joined joined:
                await WriteAsync($"* welcome {nick}; here: {string.Join(", ", joined.Members)}\n", cancellationToken);
                break;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delivery = DeliverAsync(inbox.Reader, stop.Token);
        try
        {
            while (await ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Trim() == "/who")
                {
                    var who = await roomRef.Ask<ChatRoom.Joined>(ChatRoom.Who.Instance, AskTimeout, cancellationToken);
                    inbox.Writer.TryWrite($"* here: {string.Join(", ", who.Members)}");
                }
                else if (line.Length > 0)
                {
                    roomRef.Tell(new ChatRoom.Say(nick, line));
                }
            }
        }
        finally
        {
            roomRef.Tell(new ChatRoom.Leave(nick));
            inbox.Writer.TryComplete();
            await delivery;
        }
    }

    /// <summary>Writes the room's lines to the client until the inbox is completed (the client left).</summary>
    private async Task DeliverAsync(ChannelReader<string> inbox, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in inbox.ReadAllAsync(cancellationToken))
                await WriteAsync(line + "\n", cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
