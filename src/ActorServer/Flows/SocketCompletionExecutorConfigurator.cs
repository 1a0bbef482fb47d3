using Akka.Configuration;
using Akka.Dispatch;

namespace ActorServer.Flows;

/// <summary>Makes the <see cref="SocketCompletionExecutor"/> of a dispatcher whose <c>executor</c> names this type
/// (<c>actor-server.flow-dispatcher</c>).</summary>
internal sealed class SocketCompletionExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new SocketCompletionExecutor(id);
}
