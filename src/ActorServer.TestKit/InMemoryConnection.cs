using System.Net;
using System.Net.Sockets;
using ActorServer.Transport;

namespace ActorServer.Testing;

/// <summary>A connection of two in-memory byte queues: no socket, and a client that can shape what the handler sees.</summary>
internal sealed class InMemoryConnection : IStreamConnection
{
    private readonly ByteQueue _toHandler = new(int.MaxValue);
    private readonly ByteQueue _fromHandler;

    public InMemoryConnection(int receiveWindow, int maxChunk)
    {
        _fromHandler = new ByteQueue(receiveWindow);
        Channel = new InMemoryChannel(_toHandler, _fromHandler, maxChunk);
    }

    public object Request => Channel;

    public IDuplexChannel Channel { get; }

    public EndPoint? PeerAddress => null;

    public int Available => _fromHandler.Count;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
            data = data[await _toHandler.WriteAsync(data, CancellationToken.None).ConfigureAwait(false)..];
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _fromHandler.ReadAsync(buffer, int.MaxValue, cancellationToken);

    public ValueTask WaitForDataAsync(CancellationToken cancellationToken) => _fromHandler.WaitForDataAsync(cancellationToken);

    public void CompleteSending() => _toHandler.Complete();

    public void Reset() => Break(SocketError.ConnectionReset);

    public void CloseRequest() => _fromHandler.Complete();

    public void AbortRequest() => Break(SocketError.OperationAborted);

    public void Dispose()
    {
    }

    private void Break(SocketError error)
    {
        var broken = new SocketException((int)error);
        _toHandler.Fault(broken);
        _fromHandler.Fault(broken);
    }
}
