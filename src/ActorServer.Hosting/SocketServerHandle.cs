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

    /// <summary>The server's guardian actor (<c>/user/actor-server-NAME</c>), once started: the actor to send
    /// <see cref="SuspendServer"/>, <see cref="ResumeServer"/>, <see cref="SetMaxConnections"/> and <see cref="GetServerStatus"/>.</summary>
    public IActorRef? Guardian => Server?.Guardian;

    /// <summary>Once the server has started, <see cref="SocketServer.SuspendAsync"/>: it accepts nothing more and keeps serving its requests in flight.</summary>
    public async Task SuspendAsync(CancellationToken cancellationToken = default) =>
        await (await StartedAsync(cancellationToken).ConfigureAwait(false)).SuspendAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Once the server has started, <see cref="SocketServer.ResumeAsync"/>: it accepts again on the same address.</summary>
    public async Task ResumeAsync(CancellationToken cancellationToken = default) =>
        await (await StartedAsync(cancellationToken).ConfigureAwait(false)).ResumeAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Once the server has started, <see cref="SocketServer.SetMaxConnectionsAsync"/>: a new limit while it serves.</summary>
    public async Task SetMaxConnectionsAsync(int maxConnections, CancellationToken cancellationToken = default) =>
        await (await StartedAsync(cancellationToken).ConfigureAwait(false)).SetMaxConnectionsAsync(maxConnections, cancellationToken).ConfigureAwait(false);

    /// <summary>Once the server has started, <see cref="SocketServer.GetStatusAsync"/>: its snapshot.</summary>
    public async Task<ServerStatus> GetStatusAsync(CancellationToken cancellationToken = default) =>
        await (await StartedAsync(cancellationToken).ConfigureAwait(false)).GetStatusAsync(cancellationToken).ConfigureAwait(false);

    private Task<SocketServer> StartedAsync(CancellationToken cancellationToken) => _started.WaitAsync(cancellationToken);
}
