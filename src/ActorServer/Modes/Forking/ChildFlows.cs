using ActorServer.Flows;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;

namespace ActorServer.Modes.Forking;

/// <summary>
/// A forked child's own actor system and materializer, for a flow handler's flows: the server's actors are in another
/// process, so the child materializes the flow itself, over the connection it was handed. Made only for flow handlers:
/// other children start no actor system.
/// </summary>
internal sealed class ChildFlows : IDisposable
{
    private const string Config = """
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        """;

    private readonly ActorSystem _system;

    private ChildFlows(ActorSystem system)
    {
        _system = system;
        Materializer = system.Materializer(FlowMaterializer.Settings(system), namePrefix: "child-flow");
    }

    public IMaterializer Materializer { get; }

    /// <summary>Null unless <paramref name="handlerType"/> runs flows.</summary>
    public static ChildFlows? For(Type handlerType) =>
        FlowMaterializer.IsFlowHandler(handlerType)
            ? new ChildFlows(ActorSystem.Create("actor-server-child", ActorServerConfig.WithDefaults(ConfigurationFactory.ParseString(Config))))
            : null;

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(5));
}
