using Akka.Streams;

namespace ActorServer.Testing;

/// <summary>How a test client of a datagram handler sends: its socket, and how long its expectations wait.</summary>
public sealed record HandlerDatagramClientOptions
{
    /// <summary>The client's socket: UDP, or a Unix datagram socket bound to a path or to none. <b>Default:</b> <see cref="DatagramClientKind.Udp"/>.</summary>
    public DatagramClientKind Kind { get; init; } = DatagramClientKind.Udp;

    /// <summary>What a <see cref="DatagramFlowHandler"/> runs its flow with. <b>Default:</b> none;
    /// <see cref="HandlerTestKit"/> gives its actor system's.</summary>
    public IMaterializer? Materializer { get; init; }

    /// <summary>How long each <c>Expect…</c> call waits before it fails. <b>Default:</b> the TestKit's single-expect default (3 s).</summary>
    public TimeSpan? ExpectTimeout { get; init; }
}
