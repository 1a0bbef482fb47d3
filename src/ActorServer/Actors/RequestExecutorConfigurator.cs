using Akka.Configuration;
using Akka.Dispatch;

namespace ActorServer.Actors;

/// <summary>Makes the <see cref="RequestExecutor"/> of a dispatcher whose <c>executor</c> names this type
/// (<c>actor-server.request-dispatcher</c>).</summary>
internal sealed class RequestExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new RequestExecutor(id);
}
