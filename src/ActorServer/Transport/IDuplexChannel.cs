namespace ActorServer.Transport;

/// <summary>
/// The bytes of one stream request, both ways. A connected socket in production; an in-memory pipe in handler tests.
/// Reads return 0 at end of stream. Sync members block the calling thread, for the blocking handler surface.
/// </summary>
internal interface IDuplexChannel
{
    /// <summary>Completes when data (or end of stream) is ready, without taking a buffer: lets idle connections hold none.</summary>
    ValueTask WaitForDataAsync(CancellationToken cancellationToken);

    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Sends part of <paramref name="data"/>; returns how many bytes went.</summary>
    ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    int Receive(Span<byte> buffer, TimeSpan? timeout);

    int Send(ReadOnlySpan<byte> data, TimeSpan? timeout);

    /// <summary>Ends our side of the stream (the peer reads end of file) while reads go on: a half-close.</summary>
    void CompleteSending()
    {
    }

    /// <summary>Breaks the connection at once (a reset): what was not sent is dropped.</summary>
    void Reset()
    {
    }
}
