using System.Net;
using ActorServer.Transport;

namespace ActorServer.Testing;

/// <summary>Both ends of the one connection a <see cref="HandlerClient"/> has with its handler.</summary>
internal interface IStreamConnection : IDisposable
{
    /// <summary>The handler's <c>Request</c>.</summary>
    object Request { get; }

    /// <summary>The handler's side of the bytes.</summary>
    IDuplexChannel Channel { get; }

    /// <summary>The client's real address, when the connection has one.</summary>
    EndPoint? PeerAddress { get; }

    /// <summary>How many bytes from the handler are waiting to be read by the client.</summary>
    int Available { get; }

    ValueTask SendAsync(ReadOnlyMemory<byte> data);

    /// <summary>What the handler sent, at least one byte; 0 once the handler's side is closed and everything read.</summary>
    ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Completes when the client has something to read or the handler's side has closed.</summary>
    ValueTask WaitForDataAsync(CancellationToken cancellationToken);

    /// <summary>The client's half-close: the handler reads end of file.</summary>
    void CompleteSending();

    /// <summary>The client's reset: the handler's pending and later reads and writes fail.</summary>
    void Reset();

    /// <summary>Python's <c>shutdown_request</c>, after the handler: the client reads what was sent, then end of file.</summary>
    void CloseRequest();

    /// <summary>What a server does to a request it gives up on: the connection breaks at once.</summary>
    void AbortRequest();
}
