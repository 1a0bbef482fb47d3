using System.Net;
using Akka.Streams;

namespace ActorServer.Testing;

/// <summary>How a test client of a stream handler connects and behaves: its transport, its address, and the faults it
/// injects into the handler's reads and writes.</summary>
public sealed record HandlerClientOptions
{
    /// <summary>What connects the client to the handler. <b>Default:</b> null, which picks from the handler's class:
    /// <see cref="StreamTransport.InMemory"/> for a <see cref="StreamRequestHandler"/>, <see cref="StreamTransport.SocketPair"/>
    /// for any other handler (one that uses <c>(Socket)Request</c> needs a real socket).</summary>
    public StreamTransport? Transport { get; init; }

    /// <summary>What the handler sees as <see cref="BaseRequestHandler.ClientAddress"/>. <b>Default:</b> null: over a
    /// socket pair, the client socket's real address (as a server sees it); in memory, 127.0.0.1:50000.</summary>
    public EndPoint? ClientAddress { get; init; }

    /// <summary>
    /// A slow reader: how many bytes the handler may send that the client has not read yet. Past it, the handler's
    /// writes wait (and fail with <see cref="PeerTimeoutException"/> under a handler <c>Timeout</c>) until the test reads.
    /// In memory only: a socket pair has the kernel's buffers. <b>Default:</b> unlimited.
    /// </summary>
    public int ReceiveWindow { get; init; } = int.MaxValue;

    /// <summary>A fragmenting network: the most bytes one read of the handler returns, so that a protocol must cope
    /// with a message split across reads. In memory only. <b>Default:</b> unlimited.</summary>
    public int MaxChunk { get; init; } = int.MaxValue;

    /// <summary>What a <see cref="FlowRequestHandler"/> or <see cref="DatagramFlowHandler"/> runs its flow with.
    /// <b>Default:</b> none; <see cref="HandlerTestKit"/> gives its actor system's.</summary>
    public IMaterializer? Materializer { get; init; }

    /// <summary>How long each <c>Expect…</c> call waits before it fails. <b>Default:</b> the TestKit's single-expect default (3 s).</summary>
    public TimeSpan? ExpectTimeout { get; init; }
}
