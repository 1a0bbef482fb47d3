using Akka.Actor;

namespace ActorServer.Cluster;

/// <summary>A handler failed on a worker node in cluster mode: the cause of the front node's
/// <see cref="HandlerFailedException"/>, naming the worker and the failure as the worker logged it.</summary>
public sealed class RemoteHandlerException : Exception
{
    /// <summary>Creates the exception for a failure on <paramref name="worker"/>.</summary>
    public RemoteHandlerException(Address worker, string message)
        : base($"on worker {worker}: {message}")
    {
        Worker = worker;
    }

    /// <summary>The worker node the handler failed on.</summary>
    public Address Worker { get; }
}
