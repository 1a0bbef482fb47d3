using System.Net;
using System.Net.Sockets;
using ActorServer.Actors;
using ActorServer.Modes;
using ActorServer.Modes.Forking;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Streams;

namespace ActorServer;

/// <summary>
/// The base of every server: Python's <c>socketserver.BaseServer</c> on an actor tree. It owns the listening socket;
/// a listener actor accepts requests and a connection actor per request runs a new handler instance.
/// </summary>
/// <remarks>
/// Lifecycle, as in Python: construct (binds and activates unless told not to), then <see cref="ServeForeverAsync(CancellationToken)"/>
/// or <see cref="HandleRequestAsync"/>, <see cref="ShutdownAsync"/> to stop serving, <see cref="DisposeAsync"/> to close
/// (<c>server_close</c>). Override <see cref="VerifyRequest"/>, <see cref="ServiceActions"/> and <see cref="HandleTimeout"/>
/// as in Python; handler failures are decided by <see cref="OnHandlerError"/> instead of <c>handle_error</c>.
/// </remarks>
public abstract partial class SocketServer : IAsyncDisposable
{
    private static int _instances;

    private readonly object _gate = new();
    private readonly bool _ownsSystem;
    private readonly List<IActorRef> _retiredGuardians = [];
    private IActorRef? _guardian;
    private ILoggingAdapter? _log;
    private ClientFaultLog? _clientFaults;
    private ForkBridge? _forkBridge;
    private ServingRun? _run;
    private int _incarnation;
    private bool _closed;
    private int _listenerClosed;
    private Task? _closing;
    private ActorMaterializerSettings? _flowMaterializerSettings;

    /// <summary>Creates the server's state; the concrete server creates the socket and binds.</summary>
    /// <param name="serverAddress">The address to bind, as given (port 0 is resolved by binding).</param>
    /// <param name="handlerType">The handler class, for logs and errors.</param>
    /// <param name="handlerFactory">Makes a new handler for each request.</param>
    /// <param name="system">The actor system to run in; null creates one that the server owns and terminates on close.</param>
    /// <param name="name">The server's name, for its actors and logs; null picks a unique one.</param>
    protected SocketServer(EndPoint serverAddress, Type handlerType, Func<BaseRequestHandler> handlerFactory, ActorSystem? system, string? name)
    {
        if (!typeof(BaseRequestHandler).IsAssignableFrom(handlerType))
            throw new ArgumentException($"{handlerType.FullName} is not a request handler: it must derive from {nameof(BaseRequestHandler)}.", nameof(handlerType));
        ServerAddress = serverAddress;
        HandlerType = handlerType;
        HandlerFactory = handlerFactory;
        Name = name ?? $"{KindName}-{Interlocked.Increment(ref _instances)}";
        _ownsSystem = system is null;
        var settings = ServerSettings.Create(system?.Settings.Config);
        System = system ?? ActorSystem.Create("actor-server", ActorServerConfig.Standalone);
        ActorServerConfig.InjectInto(System);
        // A virtual call from the constructor, on purpose: overrides only copy settings into their own properties.
        ApplySettings(settings);
        ServerShutdownPhases.Join(this);
    }

    /// <summary>How long shutdown waits on the server's own actors (beyond the drain) before giving up on them.</summary>
    internal static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>Python's <c>server_address</c>: after binding, the real address, with port 0 resolved to the chosen port.</summary>
    public EndPoint ServerAddress { get; protected set; }

    /// <summary>The listening (or, for datagram servers, receiving) socket: Python's <c>self.socket</c>.</summary>
    public abstract Socket Socket { get; }

    /// <summary>The actor system the server's actors run in.</summary>
    public ActorSystem System { get; }

    /// <summary>The server's name, used for its actors (<c>/user/actor-server-NAME</c>) and in its logs.</summary>
    public string Name { get; }

    /// <summary>The handler class that serves each request.</summary>
    public Type HandlerType { get; }

    /// <summary>The server's guardian actor (<c>/user/actor-server-NAME</c>), created when it first serves; null before
    /// that and after it is closed.</summary>
    public IActorRef? Guardian
    {
        get
        {
            lock (_gate)
                return _guardian;
        }
    }

    /// <summary>True while a <see cref="ServeForeverAsync(CancellationToken)"/> or <see cref="HandleRequestAsync"/> call is
    /// running; false from the moment it has stopped (as when <see cref="ShutdownAsync"/> returns).</summary>
    public bool IsServing
    {
        get
        {
            lock (_gate)
                return _run is { Completion.Task.IsCompleted: false };
        }
    }

    internal Func<BaseRequestHandler> HandlerFactory { get; }

    /// <summary>The settings of flow handlers' materializers, read from the system's <c>akka.stream</c> configuration once
    /// rather than for every connection.</summary>
    internal ActorMaterializerSettings FlowMaterializerSettings => _flowMaterializerSettings ??= Flows.FlowMaterializer.Settings(System);

    /// <summary>The short kind name used in default server names: <c>tcp</c>, <c>udp</c>, …</summary>
    private protected abstract string KindName { get; }

    /// <summary>The server's own log (outside its actors), through the actor system's logging.</summary>
    private protected ILoggingAdapter Log => _log ??= Logging.GetLogger(System, $"actor-server-{Name}");

    /// <summary>The server's rate-limited warnings about its clients' faults.</summary>
    internal ClientFaultLog ClientFaults => _clientFaults ??= new ClientFaultLog(Log);

    /// <summary>Python's <c>fileno()</c>: the operating-system handle of the server's socket.</summary>
    public nint Fileno() => Socket.Handle;

    /// <summary>Python's <c>server_bind()</c>: binds the socket and sets <see cref="ServerAddress"/> to the bound address.</summary>
    /// <exception cref="ServerBindException">The address is in use, not this machine's, or not permitted.</exception>
    public abstract void ServerBind();

    /// <summary>Python's <c>server_activate()</c>: starts listening, with a backlog of <see cref="RequestQueueSize"/>
    /// (datagram servers have nothing to do here).</summary>
    public abstract void ServerActivate();

    /// <summary>Python's <c>server_close()</c>: closes the server's socket. <see cref="DisposeAsync"/> calls it.</summary>
    public virtual void ServerClose() => Socket.Close();

    /// <summary>Binds and activates, closing the server if either fails (Python's constructor with <c>bind_and_activate</c>).</summary>
    protected void BindAndActivate()
    {
        try
        {
            ValidatedSettings();
            ServerBind();
            ServerActivate();
        }
        catch
        {
            CloseListener();
            if (_ownsSystem)
                System.Terminate().Wait(TimeSpan.FromSeconds(10));
            throw;
        }
    }

    /// <summary>Python's <c>serve_forever()</c>: serves requests until <see cref="ShutdownAsync"/> is called or
    /// <paramref name="cancellationToken"/> fires (either way the task then completes normally).</summary>
    /// <exception cref="HandlerFailedException">A handler failed under <see cref="HandlerErrorPolicy.StopServer"/> or <see cref="HandlerErrorPolicy.Escalate"/>.</exception>
    /// <exception cref="InvalidOperationException">The server is already serving, or was never bound and activated.</exception>
    public async Task ServeForeverAsync(CancellationToken cancellationToken = default)
    {
        var run = Start(singleRequest: false);
        await using var stop = cancellationToken.Register(() => _ = ShutdownAsync());
        await Await(run).ConfigureAwait(false);
    }

    /// <summary>Python's <c>serve_forever(poll_interval)</c>: <paramref name="pollInterval"/> is how often <see cref="ServiceActions"/> runs.</summary>
    public Task ServeForeverAsync(TimeSpan pollInterval, CancellationToken cancellationToken = default)
    {
        ServiceActionsInterval = pollInterval;
        return ServeForeverAsync(cancellationToken);
    }

    /// <summary>Python's <c>handle_request()</c>: waits up to <see cref="Timeout"/> for one request and serves it
    /// (in synchronous mode, to completion). If none comes in time, calls <see cref="HandleTimeout"/>.</summary>
    /// <returns>True if a request was served; false if the wait timed out.</returns>
    public async Task<bool> HandleRequestAsync(CancellationToken cancellationToken = default)
    {
        var run = Start(singleRequest: true);
        await using var stop = cancellationToken.Register(() => _ = ShutdownAsync());
        var served = await Await(run).ConfigureAwait(false);
        if (!served && !cancellationToken.IsCancellationRequested)
            HandleTimeout();
        return served;
    }

    /// <summary>Python's <c>shutdown()</c>: stops a running <see cref="ServeForeverAsync(CancellationToken)"/> and waits
    /// until it has stopped. Accepting stops at once; requests in flight get up to <see cref="DrainTimeout"/> to finish,
    /// then are cancelled. The socket stays open until <see cref="DisposeAsync"/>. Does nothing when not serving.</summary>
    public async Task ShutdownAsync()
    {
        var run = await StopAcceptingAsync().ConfigureAwait(false);
        if (run is not null)
            await DrainAsync(run).ConfigureAwait(false);
    }

    /// <summary>The run in progress, if any: what the drain phase of coordinated shutdown waits for.</summary>
    internal ServingRun? CurrentRun
    {
        get
        {
            lock (_gate)
                return _run;
        }
    }

    /// <summary>Python's <c>verify_request()</c>: return false to close a request at once, unseen by any handler.
    /// Runs on the request supervisor, which admits requests; keep it quick. True by default.</summary>
    protected virtual bool VerifyRequest(object request, EndPoint? clientAddress) => true;

    /// <summary>Python's <c>service_actions()</c>: called every <see cref="ServiceActionsInterval"/> while serving forever,
    /// on the listener actor. An exception is logged and serving goes on. Does nothing by default.</summary>
    protected virtual void ServiceActions()
    {
    }

    /// <summary>Python's <c>handle_timeout()</c>: called when <see cref="HandleRequestAsync"/> waited <see cref="Timeout"/>
    /// without a request. Does nothing by default.</summary>
    protected virtual void HandleTimeout()
    {
    }

    // The actors call the overridable hooks through these, so that overrides stay plain `protected` in every assembly.
    internal bool InvokeVerifyRequest(object request, EndPoint? clientAddress) => VerifyRequest(request, clientAddress);

    /// <summary>Runs <see cref="ServiceActions"/> for the listener: an exception is logged and serving goes on.</summary>
    internal void RunServiceActions(ILoggingAdapter log)
    {
        try
        {
            ServiceActions();
        }
        catch (Exception e)
        {
            log.Error(e, "ServiceActions threw; the server goes on serving");
        }
    }

    /// <summary>The next request, from the kind's <c>GetRequestAsync</c> (Python's <c>get_request()</c>).</summary>
    internal abstract ValueTask<AcceptedRequest> AcceptRequestAsync(CancellationToken cancellationToken);

    /// <summary>Fails the serving call in progress: a handler failure escalated past the server's guardian.</summary>
    internal void AbortServing(Exception cause)
    {
        lock (_gate)
        {
            _run?.Completion.TrySetException(cause);
            // The guardian's supervisor now owns its fate; the next serving call starts a fresh actor tree.
            if (_guardian is not null)
                _retiredGuardians.Add(_guardian);
            _guardian = null;
        }
    }

    /// <summary>Starts a run with the settings as they stand, frozen and validated.</summary>
    private ServingRun Start(bool singleRequest)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_run is { Completion.Task.IsCompleted: false })
                throw new InvalidOperationException($"Server {Name} is already serving; call ShutdownAsync first.");
            if (!Socket.IsBound)
                throw new InvalidOperationException($"Server {Name} is not bound and activated: call ServerBind() and ServerActivate() first.");
            var settings = ValidatedSettings();
            var mode = ServerMode.For(settings.Mode);
            mode.Prepare(this, settings);
            var run = new ServingRun(new RunSettings(this, settings, mode) { Tls = mode.RunsHandlerHere ? TlsFor(settings) : null }, singleRequest, singleRequest ? settings.Timeout : null);
            Stats.BeginServing(new Metrics.ServerTags(ServerAddress, SocketType));
            _guardian ??= System.ActorOf(ServerGuardian.Props(this), GuardianName());
            _run = run;
            _guardian.Tell(new StartServing(run));
            return run;
        }
    }

    private async Task<bool> Await(ServingRun run)
    {
        try
        {
            return await run.Completion.Task.ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (ReferenceEquals(_run, run))
                    _run = null;
            }
            // The faults of the run's last window are counted in the log as it ends.
            _clientFaults?.Flush();
        }
    }

    private string GuardianName() => ++_incarnation == 1 ? $"actor-server-{Name}" : $"actor-server-{Name}-{_incarnation}";
}
