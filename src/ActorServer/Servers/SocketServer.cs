using System.Globalization;
using System.Net;
using System.Net.Sockets;
using ActorServer.Actors;
using ActorServer.Modes.Forking;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;

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
public abstract class SocketServer : IAsyncDisposable
{
    private static int _instances;

    private readonly object _gate = new();
    private readonly bool _ownsSystem;
    private readonly List<IActorRef> _retiredGuardians = [];
    private IActorRef? _guardian;
    private ILoggingAdapter? _log;
    private ForkBridge? _forkBridge;
    private ServingRun? _run;
    private int _incarnation;
    private bool _closed;
    private int _listenerClosed;
    private Task? _closing;

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
        System = system ?? ActorSystem.Create("actor-server", StandaloneConfig);
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

    /// <summary>How requests are served. <b>Default:</b> from <c>actor-server.server-defaults.mode</c> (synchronous).</summary>
    public ServingMode Mode { get; set; }

    /// <summary>Python's <c>request_queue_size</c>: the listen backlog, read by <see cref="ServerActivate"/>. <b>Default:</b> 5.</summary>
    public int RequestQueueSize { get; set; }

    /// <summary>Python's <c>allow_reuse_address</c>, read by <see cref="ServerBind"/>. <b>Default:</b> false.</summary>
    public bool AllowReuseAddress { get; set; }

    /// <summary>Python's <c>allow_reuse_port</c>, read by <see cref="ServerBind"/>. <b>Default:</b> false.</summary>
    public bool AllowReusePort { get; set; }

    /// <summary>Python's <c>timeout</c>: how long <see cref="HandleRequestAsync"/> waits for a request before it calls
    /// <see cref="HandleTimeout"/>; null waits forever. <b>Default:</b> null.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How often <see cref="ServiceActions"/> runs while serving forever. <b>Default:</b> 500 ms.</summary>
    public TimeSpan ServiceActionsInterval { get; set; }

    /// <summary>What a handler that throws does to the server. <b>Default:</b> <see cref="HandlerErrorPolicy.KeepServing"/>.</summary>
    public HandlerErrorPolicy OnHandlerError { get; set; }

    /// <summary>How long a restarted listener waits before it accepts again: after a handler failure under
    /// <see cref="HandlerErrorPolicy.RestartListener"/>, or after the listener actor itself failed. <b>Default:</b>
    /// 200 ms, doubling to 10 s, stretched by up to 20%.</summary>
    public ListenerBackoff ListenerBackoff { get; set; } = ListenerBackoff.Default;

    /// <summary>The most requests in flight at once outside synchronous mode. <b>Default:</b> 1024.</summary>
    public int MaxConnections { get; set; }

    /// <summary>How long <see cref="ShutdownAsync"/> waits for requests in flight before cancelling them. <b>Default:</b> 4 s.</summary>
    public TimeSpan DrainTimeout { get; set; }

    /// <summary>The longest one request may take, from its accept to the end of Finish, in every kind and mode; null for
    /// no limit. When it passes, the request's <see cref="CancellationToken"/> fires and a stream connection is closed (in
    /// forking mode the child serving it is killed instead), and a warning names the client. Unlike a handler's idle
    /// <c>Timeout</c>, a client that sends a byte now and then cannot stretch it. <b>Default:</b> null.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>The longest a handler's <c>Finish</c> may take; null for no limit. When it passes, the request is ended as
    /// for <see cref="RequestTimeout"/>, in every kind and mode (a forked child tells the server when its Finish begins).
    /// <b>Default:</b> null.</summary>
    public TimeSpan? FinishTimeout { get; set; }

    /// <summary>In threading mode, the id of the Akka dispatcher that runs handlers; empty runs them on the .NET thread pool.
    /// <b>Default:</b> <c>actor-server.handler-dispatcher</c>, a dedicated thread pool for blocking handlers.</summary>
    public string Dispatcher { get; set; } = string.Empty;

    /// <summary>Python's <c>block_on_close</c>: whether shutdown waits (up to <see cref="DrainTimeout"/>) for requests in
    /// flight in threading and forking modes. <b>Default:</b> true.</summary>
    public bool BlockOnClose { get; set; }

    /// <summary>Python's <c>daemon_threads</c>: when true, shutdown does not wait for requests in flight; they are cancelled
    /// at once. <b>Default:</b> false.</summary>
    public bool DaemonThreads { get; set; }

    /// <summary>Python's <c>max_children</c>: in forking mode, the most child processes alive at once (counted until reaped, warm and exiting ones included); beyond it the
    /// listener stops accepting until one is free (back-pressure, never a queue). <b>Default:</b> 40.</summary>
    public int MaxChildren { get; set; }

    /// <summary>In forking mode, how many started children wait idle for requests, so process start-up is not paid
    /// per request. <b>Default:</b> 0 (start a child per request, as Python forks one).</summary>
    public int WarmChildren { get; set; }

    /// <summary>In forking mode, how many requests a child serves before it exits; 1 gives every request a fresh
    /// process, as Python's fork does; 0 never recycles. <b>Default:</b> 1.</summary>
    public int RequestsPerChild { get; set; }

    /// <summary>In forking mode, how long a child may take over one request, from the hand-over to its answer, before it
    /// is killed and the request failed as a handler failure (<see cref="OnHandlerError"/> applies); null: no limit.
    /// A shorter <see cref="RequestTimeout"/> or <see cref="FinishTimeout"/> ends a hang first, with a warning instead.
    /// <b>Default:</b> 60 s.</summary>
    public TimeSpan? ChildTimeout { get; set; }

    /// <summary>Python's <c>active_children</c>: the process ids of the live forked children (empty outside forking mode).</summary>
    public IReadOnlyCollection<int> ActiveChildren
    {
        get
        {
            lock (_gate)
                return _forkBridge?.ActiveChildren ?? [];
        }
    }

    /// <summary>The bridge to forked children, made at the first forking run.</summary>
    internal ForkBridge ForkBridge
    {
        get
        {
            lock (_gate)
                return _forkBridge ??= new ForkBridge(this);
        }
    }

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

    /// <summary>The dispatcher that runs handlers, or null for the .NET thread pool: only threading mode uses one.</summary>
    internal string? HandlerDispatcher => Mode == ServingMode.Threading && !string.IsNullOrEmpty(Dispatcher) ? Dispatcher : null;

    /// <summary>How long shutdown waits for requests in flight: Python's <c>block_on_close</c> and <c>daemon_threads</c>
    /// decide it outside synchronous mode (a synchronous server always finishes its one request).</summary>
    internal TimeSpan EffectiveDrainTimeout =>
        Mode != ServingMode.Synchronous && (DaemonThreads || !BlockOnClose) ? TimeSpan.Zero : DrainTimeout;

    /// <summary>The short kind name used in default server names: <c>tcp</c>, <c>udp</c>, …</summary>
    private protected abstract string KindName { get; }

    /// <summary>The server's own log (outside its actors), through the actor system's logging.</summary>
    private protected ILoggingAdapter Log => _log ??= Logging.GetLogger(System, $"actor-server-{Name}");

    /// <summary>Python's <c>fileno()</c>: the operating-system handle of the server's socket.</summary>
    public nint Fileno() => Socket.Handle;

    /// <summary>Copies <paramref name="settings"/> into the server's properties; call before binding. Server kinds with
    /// settings of their own (<c>max-packet-size</c>, <c>socket-file-mode</c>) copy those too.</summary>
    public virtual void ApplySettings(ServerSettings settings)
    {
        Mode = settings.Mode;
        RequestQueueSize = settings.RequestQueueSize;
        AllowReuseAddress = settings.AllowReuseAddress;
        AllowReusePort = settings.AllowReusePort;
        Timeout = settings.Timeout;
        ServiceActionsInterval = settings.ServiceActionsInterval;
        OnHandlerError = settings.OnHandlerError;
        ListenerBackoff = settings.ListenerBackoff;
        MaxConnections = settings.MaxConnections;
        DrainTimeout = settings.DrainTimeout;
        RequestTimeout = settings.RequestTimeout;
        FinishTimeout = settings.FinishTimeout;
        Dispatcher = settings.Dispatcher;
        BlockOnClose = settings.BlockOnClose;
        DaemonThreads = settings.DaemonThreads;
        MaxChildren = settings.MaxChildren;
        WarmChildren = settings.WarmChildren;
        RequestsPerChild = settings.RequestsPerChild;
        ChildTimeout = settings.ChildTimeout;
    }

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
        var run = Start(new ServingRun(singleRequest: false, timeout: null));
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
        var run = Start(new ServingRun(singleRequest: true, timeout: Timeout));
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

    /// <summary>
    /// The first step of every shutdown path (<see cref="ShutdownAsync"/>, <see cref="DisposeAsync"/>, coordinated
    /// shutdown): the listener stops accepting and starts draining. Returns the run being stopped, or null if none was.
    /// </summary>
    internal async Task<ServingRun?> StopAcceptingAsync()
    {
        IActorRef guardian;
        ServingRun run;
        lock (_gate)
        {
            // A finished run has nothing to stop (and its listener may be gone with a terminated system: no one would answer).
            if (_run is null || _run.Completion.Task.IsCompleted || _guardian is null)
                return null;
            guardian = _guardian;
            run = _run;
        }
        try
        {
            await guardian.Ask<AcceptingStopped>(new StopServing(null), ShutdownGrace).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            // The listener is gone (its system is terminating): there is nothing left to stop; DrainAsync bounds the wait.
        }
        return run;
    }

    /// <summary>Waits for <paramref name="run"/> to finish draining: the listener bounds the drain itself; this bound
    /// only guards against a listener that is gone.</summary>
    internal async Task DrainAsync(ServingRun run)
    {
        var bound = DrainTimeout + ShutdownGrace;
        try
        {
            await run.Completion.Task.WaitAsync(bound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            run.Completion.TrySetException(new ServerStoppedException($"the server did not stop within {bound}"));
        }
        catch (Exception)
        {
            // The run failed (a handler under stop-server, say): ServeForeverAsync reports that; stopping has succeeded.
        }
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
    /// Runs on the listener actor; keep it quick. True by default.</summary>
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

    internal void InvokeServiceActions() => ServiceActions();

    /// <summary>Python's <c>get_request()</c>: waits for the next request.</summary>
    internal abstract ValueTask<AcceptedRequest> GetRequestAsync(CancellationToken cancellationToken);

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

    private ServingRun Start(ServingRun run)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_run is { Completion.Task.IsCompleted: false })
                throw new InvalidOperationException($"Server {Name} is already serving; call ShutdownAsync first.");
            if (!Socket.IsBound)
                throw new InvalidOperationException($"Server {Name} is not bound and activated: call ServerBind() and ServerActivate() first.");
            if (ServiceActionsInterval <= TimeSpan.Zero)
                throw new ActorServerConfigurationException($"{ServerSettings.DefaultsPath}.service-actions-interval",
                    ServiceActionsInterval.ToString(), "expected a duration above zero");
            if (HandlerDispatcher is { } dispatcher && !System.Dispatchers.HasDispatcher(dispatcher))
                throw new ActorServerConfigurationException($"{ServerSettings.DefaultsPath}.dispatcher", dispatcher,
                    "no dispatcher is configured under that path");
            if (Mode == ServingMode.Forking && this is DatagramServer { MaxPacketSize: > ChildProtocol.MaxDatagram } datagrams)
                throw new ActorServerConfigurationException($"{ServerSettings.DefaultsPath}.max-packet-size",
                    datagrams.MaxPacketSize.ToString(CultureInfo.InvariantCulture),
                    $"at most {ChildProtocol.MaxDatagram} bytes in forking mode, where each datagram goes to its child in one packet");
            if (Mode == ServingMode.Forking)
                (_forkBridge ??= new ForkBridge(this)).Warm();
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
        }
    }

    private string GuardianName() => ++_incarnation == 1 ? $"actor-server-{Name}" : $"actor-server-{Name}-{_incarnation}";

    /// <summary>Python's <c>server_close()</c> with shutdown first: stops serving (draining requests in flight),
    /// closes the socket, stops the server's actors, and terminates the actor system if the server created it.
    /// Safe to call more than once, and after (or during) the actor system's coordinated shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync().ConfigureAwait(false);
        await CloseAsync().ConfigureAwait(false);
        if (_ownsSystem)
            await System.Terminate().ConfigureAwait(false);
        GC.SuppressFinalize(this);
    }

    /// <summary>Closes the listening socket once, however many shutdown paths ask: new connections are refused from here on.</summary>
    internal void CloseListener()
    {
        if (Interlocked.Exchange(ref _listenerClosed, 1) == 0)
            ServerClose();
    }

    /// <summary>The last step of every shutdown path: closes the socket and stops the server's actors; idempotent.</summary>
    internal Task CloseAsync()
    {
        lock (_gate)
            return _closing ??= CloseCoreAsync();
    }

    private async Task CloseCoreAsync()
    {
        await Task.Yield();
        List<IActorRef> guardians;
        lock (_gate)
        {
            _closed = true;
            guardians = [.. _retiredGuardians];
            if (_guardian is not null)
                guardians.Add(_guardian);
            _guardian = null;
        }
        CloseListener();
        ForkBridge? forkBridge;
        lock (_gate)
            forkBridge = _forkBridge;
        foreach (var guardian in guardians)
        {
            try
            {
                await guardian.GracefulStop(ShutdownGrace).ConfigureAwait(false);
            }
            catch (TaskCanceledException)
            {
                // It did not stop in time; the system shutdown stops it anyway.
            }
        }
        if (forkBridge is not null)
            await forkBridge.DisposeAsync().ConfigureAwait(false);
    }

    private static Config StandaloneConfig => ActorServerConfig.WithDefaults(ConfigurationFactory.ParseString("""
        akka {
          loglevel = INFO
          stdout-loglevel = WARNING
          log-dead-letters-during-shutdown = off
          log-dead-letters = off
        }
        """));
}
