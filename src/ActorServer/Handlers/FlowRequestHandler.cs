using System.Net.Sockets;
using ActorServer.Flows;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorServer;

/// <summary>
/// A handler that serves a connection as an Akka.Streams flow: what the client sends comes in as <see cref="ByteString"/>
/// chunks (as they arrive, not framed: frame them with <see cref="FlowFraming"/>), and what the flow emits is sent back.
/// The flow is made by <see cref="CreateFlow"/> for each connection and materialized once over it by its connection
/// actor, so that a stopped actor tears it down; it runs with back-pressure both ways (a flow that stops pulling stops
/// the socket reads, and a client that stops reading stops the flow's output).
/// </summary>
/// <remarks>
/// <para>Ending: the client's end of file completes the flow's input (its output may go on); the flow's completion closes
/// the connection once its last bytes are sent; the flow's failure resets the connection and is a handler failure (logged,
/// then the server's <c>on-handler-error</c> policy), except a client's fault (a <see cref="Framing.FramingException"/>,
/// an oversized frame, a reset), which closes only that connection with a warning. A drain past its timeout, a
/// <c>request-timeout</c> or a <c>finish-timeout</c> aborts the flow: the connection's stage fails the flow's input and
/// cancels its output.</para>
/// <para><c>Setup</c> runs before the flow is made and <c>Finish</c> after it ended, as for every handler.</para>
/// </remarks>
/// <example>
/// <code>
/// public sealed class UpperCaseFlow : FlowRequestHandler
/// {
///     protected override Flow&lt;ByteString, ByteString, NotUsed&gt; CreateFlow() =>
///         FlowFraming.Lines(maxLength: 1024).Join(Flow.Create&lt;string&gt;().Select(line => line.ToUpperInvariant()));
/// }
/// </code>
/// </example>
public abstract class FlowRequestHandler : BaseRequestHandler
{
    private RequestContext? _context;

    /// <summary>When the flow's output completes before the client has ended its side: false closes the connection at
    /// once (Akka's <c>Tcp().Bind</c> default), true ends only the server's side (the client reads end of file) and keeps
    /// feeding the client's bytes to the flow until the client ends its side too. <b>Default:</b> false.</summary>
    public bool HalfClose { get; set; }

    /// <summary>The most bytes one socket read takes: the largest element of the flow's input. <b>Default:</b> 65536.</summary>
    public int ReadBufferSize { get; set; } = 65536;

    /// <summary>While a send is in flight, the flow's elements are coalesced up to this many bytes for the next send;
    /// past it the flow's output waits. <b>Default:</b> 65536.</summary>
    public int WriteBatchBytes { get; set; } = 65536;

    /// <summary>Sets TCP_NODELAY on the connection, as <see cref="StreamRequestHandler.DisableNagleAlgorithm"/>. <b>Default:</b> true:
    /// a flow's writes are already batched, so Nagle's delay only adds latency.</summary>
    public bool DisableNagleAlgorithm { get; set; } = true;

    /// <summary>The flow for this connection: called once per connection, after <c>Setup</c>, with
    /// <see cref="BaseRequestHandler.ClientAddress"/> and <see cref="BaseRequestHandler.Server"/> set.</summary>
    /// <remarks>A flow is a blueprint, materialized afresh for each connection. One that does not depend on the
    /// connection can be made once and returned each time (a <c>static readonly</c> field): the server then fuses it
    /// with the connection's stage once and reuses that graph, which takes most of a flow connection's set-up cost away.
    /// State a stage keeps lives in its materialization, so this is safe unless the flow's functions share state of
    /// their own (a captured counter, this handler's fields).</remarks>
    protected abstract Flow<ByteString, ByteString, NotUsed> CreateFlow();

    private protected override void OnAttached(RequestContext context)
    {
        if (context.Channel is null)
            throw new InvalidOperationException("A flow handler needs a stream request: serve it with a TcpServer or UnixStreamServer (a DatagramFlowHandler serves datagrams).");
        if (ReadBufferSize < 1 || WriteBatchBytes < 1)
            throw new InvalidOperationException($"{GetType().Name}: ReadBufferSize and WriteBatchBytes must be at least 1 byte (got {ReadBufferSize} and {WriteBatchBytes}).");
        if (DisableNagleAlgorithm && context.Request is Socket { ProtocolType: ProtocolType.Tcp } socket)
            socket.NoDelay = true;
        _context = context;
    }

    /// <summary>Materializes <see cref="CreateFlow"/> over the connection and waits until the connection is done.</summary>
    public sealed override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var context = _context ?? throw new InvalidOperationException("The handler has not been given a request yet.");
        var channel = context.Channel!;
        var flow = CreateFlow() ?? throw new InvalidOperationException($"{GetType().Name}.CreateFlow returned null.");
        var connection = new ConnectionAttribute(channel, new ConnectionOptions(HalfClose, ReadBufferSize, WriteBatchBytes), cancellationToken);
        var done = ConnectionGraph.Run(GetType(), flow, connection, FlowMaterializer.For(context));
        // A failed flow resets its connection: its client must not take the end of the connection for a complete reply.
        // The connection stage aborts the stream itself when cancellationToken fires (it is the connection's RequestAborted).
        await FlowRun.UntilDoneAsync(done, abort: null, channel.Reset, cancellationToken).ConfigureAwait(false);
    }
}
