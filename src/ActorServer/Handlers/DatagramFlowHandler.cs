using ActorServer.Flows;
using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorServer;

/// <summary>
/// A datagram handler written as an Akka.Streams flow: the datagram comes in as the flow's one element, and each element
/// the flow emits goes back to the client as a datagram of its own (none, one or several), in order, each sent before the
/// next is pulled. The flow is made by <see cref="CreateFlow"/> for each datagram, as every handler is made per request.
/// </summary>
/// <remarks>A flow failure is a handler failure (the server's <c>on-handler-error</c> policy applies); a request timeout or
/// a drain past its timeout aborts the flow through a kill switch.</remarks>
public abstract class DatagramFlowHandler : BaseRequestHandler
{
    private RequestContext? _context;

    /// <summary>Python's <c>self.packet</c>: the datagram's bytes.</summary>
    public ReadOnlyMemory<byte> Packet => Datagram.Packet;

    private DatagramRequest Datagram =>
        _context?.Request as DatagramRequest ?? throw new InvalidOperationException("The handler has not been given a datagram yet; the server sets it before Setup.");

    /// <summary>The flow for this datagram: called once, after <c>Setup</c>, with <see cref="Packet"/> and
    /// <see cref="BaseRequestHandler.ClientAddress"/> set.</summary>
    protected abstract Flow<ByteString, ByteString, NotUsed> CreateFlow();

    private protected override void OnAttached(RequestContext context)
    {
        if (context.Request is not DatagramRequest)
            throw new InvalidOperationException("A datagram flow handler needs a datagram request: serve it with a UdpServer or UnixDatagramServer (a FlowRequestHandler serves connections).");
        _context = context;
    }

    /// <summary>Runs <see cref="CreateFlow"/> over the datagram and sends what it emits.</summary>
    public sealed override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var datagram = Datagram;
        var flow = CreateFlow() ?? throw new InvalidOperationException($"{GetType().Name}.CreateFlow returned null.");
        (UniqueKillSwitch killSwitch, Task done) = Source.Single(ByteString.FromBytes(datagram.Packet.ToArray()))
            .ViaMaterialized(KillSwitches.Single<ByteString>(), Keep.Right)
            .Via(flow)
            .SelectAsync(1, async reply =>
            {
                await datagram.ReplyAsync(reply.ToArray(), cancellationToken).ConfigureAwait(false);
                return NotUsed.Instance;
            })
            .ToMaterialized(Sink.Ignore<NotUsed>(), Keep.Both<UniqueKillSwitch, Task>)
            .Run(FlowMaterializer.For(_context!));
        // The socket is the server's, shared by every datagram: there is no connection of this request's own to reset.
        await FlowRun.UntilDoneAsync(done, killSwitch.Abort, static () => { }, cancellationToken).ConfigureAwait(false);
    }
}
