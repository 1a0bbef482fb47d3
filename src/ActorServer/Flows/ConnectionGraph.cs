using System.Collections.Concurrent;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorServer.Flows;

/// <summary>
/// A flow handler's flow joined to its connection, as a fused blueprint: the connection stage is built once for all,
/// and the whole graph is fused once per flow rather than at every materialization. A handler whose <c>CreateFlow</c>
/// returns the same flow each time (one kept in a static field) has its fused graph reused by every connection: its
/// set-up is then the materialization alone.
/// </summary>
internal static class ConnectionGraph
{
    /// <summary>The connection's side: its stage alone, which aborts the stream itself when the request is cancelled.</summary>
    private static readonly Flow<ByteString, ByteString, Task> Connection = Flow.FromGraph(new ConnectionStage());

    // The last flow of each handler type and its fused graph: one entry per type, replaced when a handler makes a new flow.
    private static readonly ConcurrentDictionary<Type, Fused> LastByHandler = new();

    /// <summary>Materializes <paramref name="flow"/> over <paramref name="connection"/>.</summary>
    /// <returns>The task that completes when the connection is done.</returns>
    public static Task Run(
        Type handlerType, Flow<ByteString, ByteString, NotUsed> flow, ConnectionAttribute connection, IMaterializer materializer)
    {
        if (!LastByHandler.TryGetValue(handlerType, out var fused) || !ReferenceEquals(fused.Flow, flow))
        {
            fused = new Fused(flow, Akka.Streams.Fusing.Aggressive(Connection.JoinMaterialized(flow, Keep.Left)));
            LastByHandler[handlerType] = fused;
        }
        return materializer.Materialize(fused.Graph, Attributes.None.And(connection));
    }

    private sealed record Fused(Flow<ByteString, ByteString, NotUsed> Flow, IGraph<ClosedShape, Task> Graph);
}
