using System.Threading.Channels;

namespace ActorServer.Samples.Chat;

/// <summary>
/// The lines on their way to one member: the room posts them, the member's <see cref="ChatHandler"/> sends them to its
/// client. It holds at most <see cref="Capacity"/> lines. A client that stops reading fills it; the outbox then closes
/// for good and <see cref="Overflowed"/> fires, so that the member is disconnected rather than queued for without end
/// (or the whole room made to wait for its slowest reader).
/// </summary>
public sealed class Outbox
{
    /// <summary>How many lines a member may fall behind the room, beyond what the kernel's socket buffers hold, before it is disconnected.</summary>
    public const int Capacity = 1024;

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
}
