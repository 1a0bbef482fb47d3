using Akka.Configuration;
using Akka.Dispatch;

namespace ActorServer.Modes;

/// <summary>
/// An Akka dispatcher executor for handlers that block: up to <c>blocking-executor.thread-count</c> dedicated
/// threads, started as needed. Use it as a dispatcher's <c>executor</c> (see <c>actor-server.handler-dispatcher</c>).
/// </summary>
/// <remarks>
/// Akka's own <c>ForkJoinDispatcher</c> caps the threads it wakes at the number of processors and does not wake
/// another when a worker takes an item while more wait, so work queued behind blocking handlers can wait on a
/// small machine though threads are free. Here every queued item wakes an idle thread or starts a new one.
/// </remarks>
public sealed class BlockingExecutorConfigurator : ExecutorServiceConfigurator
{
    private readonly int _threadCount;

    /// <summary>Called by Akka with the dispatcher's configuration.</summary>
    public BlockingExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        _threadCount = config.GetInt("blocking-executor.thread-count", 32);
        if (_threadCount < 1)
            throw new ActorServerConfigurationException("blocking-executor.thread-count", _threadCount.ToString(System.Globalization.CultureInfo.InvariantCulture), "expected at least 1 thread");
    }

    /// <inheritdoc />
    public override ExecutorService Produce(string id) => new BlockingExecutor(id, _threadCount);
}
