using System.Net;
using Akka.Actor;

namespace ActorServer.Hosting;

/// <summary>
/// A named server of the host's actor system, as the application sees it: where it listens once bound, and whether
/// it is serving. Get one from <see cref="ISocketServerRegistry"/>.
/// </summary>
public sealed class SocketServerHandle
{
    private readonly Task<SocketServer> _started;

    internal SocketServerHandle(string name, Type handlerType, Task<SocketServer> started)
    {
        Name = name;
        HandlerType = handlerType;
        _started = started;
        // A server that failed to start fails Bound with the cause rather than cancelling it.
        Bound = started.ContinueWith(t => t.IsCompletedSuccessfully ? Task.FromResult(t.Result.ServerAddress) : Task.FromException<EndPoint>(t.Exception!.InnerException!),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    /// <summary>The server's name (its key under <c>actor-server.servers</c>).</summary>
    public string Name { get; }

    /// <summary>The server's handler class (its <c>handler</c> key), known from the configuration before the server starts.</summary>
    public Type HandlerType { get; }

    /// <summary>Completes with the bound address (port 0 resolved) once the server is bound and serving; fails if it could not start.</summary>
    public Task<EndPoint> Bound { get; }

    /// <summary>The server, once started; null before.</summary>
    public SocketServer? Server => _started.IsCompletedSuccessfully ? _started.Result : null;

    /// <summary>The bound address, once bound; null before.</summary>
    public EndPoint? ServerAddress => Server?.ServerAddress;

    /// <summary>True while the server is bound and serving requests: the readiness signal.</summary>
    public bool IsServing => Server?.IsServing ?? false;

    /// <summary>The server's guardian actor (<c>/user/actor-server-NAME</c>), once started.</summary>
    public IActorRef? Guardian => Server?.Guardian;
}
