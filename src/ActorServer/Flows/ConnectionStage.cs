using ActorServer.Transport;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace ActorServer.Flows;

/// <summary>
/// One accepted connection as a flow: what the flow joined to it emits is sent to the client, and what the client
/// sends comes out as it arrives. ActorServer's own stage, not Akka.Streams' <c>Tcp().Bind</c>: it drives any
/// <see cref="IDuplexChannel"/> (a TCP or Unix socket, the TestKit's in-memory pipe) with the channel's async
/// receive and send, so back-pressure reaches the socket both ways: it reads only when its outlet is pulled, and pulls
/// its inlet only while fewer than <see cref="ConnectionOptions.WriteBatchBytes"/> wait to be sent.
/// </summary>
/// <remarks>
/// <para>The stage is a blueprint without a connection: each materialization names its own with a
/// <see cref="ConnectionAttribute"/> among the materialization's attributes, so one graph (fused once, see
/// <see cref="ConnectionGraph"/>) serves every connection.</para>
/// <para>The materialized task completes once both directions are done (the last bytes sent), and fails with the
/// first failure: the joined flow's, the socket's, or the stream's abrupt end (its connection actor stopped).</para>
/// </remarks>
internal sealed partial class ConnectionStage : GraphStageWithMaterializedValue<FlowShape<ByteString, ByteString>, Task>
{
    /// <summary>Bytes to send to the client.</summary>
    public Inlet<ByteString> ToClient { get; } = new("connection.to-client");

    /// <summary>Bytes the client sent.</summary>
    public Outlet<ByteString> FromClient { get; } = new("connection.from-client");

    public override FlowShape<ByteString, ByteString> Shape => new(ToClient, FromClient);

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("actor-server-connection");

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var connection = inheritedAttributes.GetAttribute<ConnectionAttribute>()
            ?? throw new InvalidOperationException("A connection stage is materialized with a ConnectionAttribute naming its connection.");
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(new Logic(this, connection, done), done.Task);
    }
}

/// <summary>The connection a <see cref="ConnectionStage"/>'s materialization serves: its channel, how it reads, writes and
/// closes, and the request's cancellation.</summary>
internal sealed record ConnectionAttribute(IDuplexChannel Channel, ConnectionOptions Options, CancellationToken RequestAborted)
    : Attributes.IAttribute;

/// <summary>How a <see cref="ConnectionStage"/> reads, writes and closes.</summary>
/// <param name="HalfClose">When the flow's output ends first: false closes the connection at once (as <c>Tcp().Bind</c>
/// does by default); true only ends our side of it and goes on reading until the client ends its side.</param>
/// <param name="ReadBufferSize">The most bytes one read takes (one element of the flow's input).</param>
/// <param name="WriteBatchBytes">While a send is in flight, elements are pulled and coalesced up to this many bytes,
/// sent together by the next send; past it the stage stops pulling (the flow's upstream waits).</param>
internal sealed record ConnectionOptions(bool HalfClose, int ReadBufferSize, int WriteBatchBytes);
