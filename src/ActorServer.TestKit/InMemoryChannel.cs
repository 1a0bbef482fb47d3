using ActorServer.Transport;

namespace ActorServer.Testing;

/// <summary>The handler's side of an in-memory connection: what a connected socket is to a handler on a real server.</summary>
internal sealed class InMemoryChannel(ByteQueue fromClient, ByteQueue toClient, int maxChunk) : IDuplexChannel
{
    public ValueTask WaitForDataAsync(CancellationToken cancellationToken) => fromClient.WaitForDataAsync(cancellationToken);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        fromClient.ReadAsync(buffer, maxChunk, cancellationToken);

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        toClient.WriteAsync(data, cancellationToken);

    public int Receive(Span<byte> buffer, TimeSpan? timeout) => fromClient.Read(buffer, maxChunk, timeout);

    public int Send(ReadOnlySpan<byte> data, TimeSpan? timeout) => toClient.Write(data, timeout);

    public void CompleteSending() => toClient.Complete();

    public void Reset()
    {
        var reset = new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.ConnectionReset);
        fromClient.Fault(reset);
        toClient.Fault(reset);
    }
}
