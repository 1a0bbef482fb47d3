using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Implementation;
using Akka.Util;

namespace ActorServer.Flows;

/// <summary>Where a flow handler's flow is materialized.</summary>
internal static class FlowMaterializer
{
    /// <summary>The request's own materializer (its connection actor's, a forked child's, the TestKit's); for a handler made
    /// by an untyped factory, whose actor could not know it serves a flow, the server's system-wide one, where the
    /// request's cancellation (which its actor's stop fires) still aborts the flow.</summary>
    public static IMaterializer For(RequestContext context) =>
        context.Materializer
        ?? (context.Server is { } server
            ? ActorServerExtension.Get(server.System).FlowMaterializer
            : throw new InvalidOperationException("A flow handler needs a materializer: under a test, connect it through HandlerTestKit or give HandlerClientOptions.Materializer (HandlerDatagramClientOptions.Materializer for a datagram client)."));

    // Stream names need only be unique among one actor's children; one counter for all keeps a name per materializer
    // from being made.
    private static readonly EnumerableActorName FlowNames = EnumerableActorName.Create("flow");

    /// <summary>A materializer whose streams are <paramref name="context"/>'s own children, so its actor's stop tears them
    /// down. What <c>Context.Materializer()</c> gives, without its cost per connection: that makes a stream supervisor
    /// actor between the two (an actor more to create, name and stop for every connection), and goes through Akka.Streams'
    /// reference configuration again each time.</summary>
    /// <remarks>The materializer must never be shut down: its supervisor is the actor itself.</remarks>
    public static IMaterializer ForActor(IActorContext context, ActorMaterializerSettings settings) =>
        new ActorMaterializerImpl(context.System, settings, context.System.Dispatchers, context.Self, new AtomicBoolean(), FlowNames);

    /// <summary>The dispatcher flow handlers' streams run on (<c>actor-server.flow-dispatcher</c>).</summary>
    public const string DispatcherId = "actor-server.flow-dispatcher";

    /// <summary>The settings of a materializer for flow handlers in <paramref name="system"/>: Akka's, with the streams on
    /// <see cref="DispatcherId"/> when the system knows it (ActorServer's defaults are beneath its configuration).</summary>
    public static ActorMaterializerSettings Settings(ActorSystem system)
    {
        // Once, before any materializer of ours: the actors' materializers do not merge it in (see ForActor).
        system.Settings.InjectTopLevelFallback(ActorMaterializer.DefaultConfig());
        var settings = ActorMaterializerSettings.Create(system);
        return system.Dispatchers.HasDispatcher(DispatcherId) ? settings.WithDispatcher(DispatcherId) : settings;
    }

    /// <summary>True for the flow handlers, whose connection actor makes a materializer of its own.</summary>
    public static bool IsFlowHandler(Type handlerType) =>
        typeof(FlowRequestHandler).IsAssignableFrom(handlerType) || typeof(DatagramFlowHandler).IsAssignableFrom(handlerType);
}
