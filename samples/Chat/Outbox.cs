using System.Threading.Channels;

namespace ActorServer.Samples.Chat;

/// <summary>
/// The lines on their way to one member: the room posts them, the member's handler sends them to its client
/// (<see cref="DeliverAsync"/>). It holds at most <see cref="Capacity"/> lines. A client that stops reading fills it; the
/// outbox then closes for good and <see cref="Overflowed"/> fires, so that the member is disconnected rather than queued
/// for without end (or the whole room made to wait for its slowest reader).
/// </summary>
public sealed class Outbox
{
    /// <summary>How many lines a member may fall behind the room, beyond what the kernel's socket buffers hold, before it is disconnected.</summary>
    public const int Capacity = 1024;

    /// <summary>How long a member dropped for not reading may take nothing more before its connection is closed.</summary>
    public static readonly TimeSpan FarewellTimeout = TimeSpan.FromSeconds(15);

    private readonly Channel<string> _lines = Channel.CreateBounded<string>(new BoundedChannelOptions(Capacity) { SingleReader = true });
    private readonly CancellationTokenSource _overflowed = new();

    /// <summary>The member's handler reads here; it ends (after the lines still queued) once the outbox has overflowed.</summary>
    public ChannelReader<string> Lines => _lines.Reader;

    /// <summary>Fires when the outbox overflowed: the member's client is too slow and is to be disconnected.</summary>
    public CancellationToken Overflowed => _overflowed.Token;

    /// <summary>Queues <paramref name="line"/> for the member; false when the outbox is full, which closes it.</summary>
    public bool TryPost(string line)
    {
        if (_lines.Writer.TryWrite(line))
            return true;
        _lines.Writer.TryComplete();
        // Asynchronously: the handler's cancellation callbacks run on the thread pool, not in the room's turn.
        _ = _overflowed.CancelAsync();
        return false;
    }

    /// <summary>
    /// Writes the lines to <paramref name="client"/> until <paramref name="stop"/> fires. Once the outbox has overflowed,
    /// it sends the lines still queued and the farewell, and gives up when the client has taken nothing for <see cref="FarewellTimeout"/>.
    /// </summary>
    public async Task DeliverAsync(BufferedRequestHandler client, CancellationTokenSource stop)
    {
        // A write waiting for a client that does not read ends only when it is cancelled.
        using var patience = Overflowed.Register(() => stop.CancelAfter(FarewellTimeout));
        try
        {
            while (await Lines.WaitToReadAsync(stop.Token))
            {
                while (Lines.TryRead(out var line))
                    await SendAsync(line);
                await client.FlushAsync(stop.Token);
            }
            await SendAsync("! too slow, disconnected");
            await client.FlushAsync(stop.Token);
        }
        catch (OperationCanceledException)
        {
        }

        async Task SendAsync(string line)
        {
            await client.WriteAsync(line + "\n", stop.Token);
            if (Overflowed.IsCancellationRequested)
                stop.CancelAfter(FarewellTimeout);   // the client took something: it has as long again for the rest
        }
    }
}
