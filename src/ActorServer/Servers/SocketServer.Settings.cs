using System.Runtime.CompilerServices;
using ActorServer.Modes;

namespace ActorServer;

// The server's settable settings, Python's class attributes: each is read once, into the frozen settings of a serving run.
public abstract partial class SocketServer
{
    private ServingMode _mode;
    private int _requestQueueSize;
    private bool _allowReuseAddress;
    private bool _allowReusePort;
    private TimeSpan? _timeout;
    private TimeSpan _serviceActionsInterval;
    private HandlerErrorPolicy _onHandlerError;
    private ListenerBackoff _listenerBackoff = ListenerBackoff.Default;
    private int _maxConnections;
    private TimeSpan _drainTimeout;
    private TimeSpan? _requestTimeout;
    private TimeSpan? _finishTimeout;
    private string _dispatcher = string.Empty;
    private bool _blockOnClose;
    private bool _daemonThreads;
    private int _maxChildren;
    private int _warmChildren;
    private int _requestsPerChild;
    private TimeSpan? _childTimeout;

    /// <summary>How requests are served. <b>Default:</b> from <c>actor-server.server-defaults.mode</c> (synchronous).</summary>
    public ServingMode Mode
    {
        get => _mode;
        set => Set(ref _mode, value);
    }

    /// <summary>Python's <c>request_queue_size</c>: the listen backlog, read by <see cref="ServerActivate"/>. <b>Default:</b> 5.</summary>
    public int RequestQueueSize
    {
        get => _requestQueueSize;
        set => Set(ref _requestQueueSize, value);
    }

    /// <summary>Python's <c>allow_reuse_address</c>, read by <see cref="ServerBind"/>. <b>Default:</b> false.</summary>
    public bool AllowReuseAddress
    {
        get => _allowReuseAddress;
        set => Set(ref _allowReuseAddress, value);
    }

    /// <summary>Python's <c>allow_reuse_port</c>, read by <see cref="ServerBind"/>. <b>Default:</b> false.</summary>
    public bool AllowReusePort
    {
        get => _allowReusePort;
        set => Set(ref _allowReusePort, value);
    }

    /// <summary>Python's <c>timeout</c>: how long <see cref="HandleRequestAsync"/> waits for a request before it calls
    /// <see cref="HandleTimeout"/>; null waits forever. <b>Default:</b> null.</summary>
    public TimeSpan? Timeout
    {
        get => _timeout;
        set => Set(ref _timeout, value);
    }

    /// <summary>How often <see cref="ServiceActions"/> runs while serving forever. <b>Default:</b> 500 ms.</summary>
    public TimeSpan ServiceActionsInterval
    {
        get => _serviceActionsInterval;
        set => Set(ref _serviceActionsInterval, value);
    }

    /// <summary>What a handler that throws does to the server. <b>Default:</b> <see cref="HandlerErrorPolicy.KeepServing"/>.</summary>
    public HandlerErrorPolicy OnHandlerError
    {
        get => _onHandlerError;
        set => Set(ref _onHandlerError, value);
    }

    /// <summary>How long a restarted listener waits before it accepts again: after a handler failure under
    /// <see cref="HandlerErrorPolicy.RestartListener"/>, or after the listener actor itself failed. <b>Default:</b>
    /// 200 ms, doubling to 10 s, stretched by up to 20%.</summary>
    public ListenerBackoff ListenerBackoff
    {
        get => _listenerBackoff;
        set => Set(ref _listenerBackoff, value);
    }

    /// <summary>The most requests in flight at once outside synchronous mode. <b>Default:</b> 1024.</summary>
    public int MaxConnections
    {
        get => _maxConnections;
        set => Set(ref _maxConnections, value);
    }

    /// <summary>How long <see cref="ShutdownAsync"/> waits for requests in flight before cancelling them. <b>Default:</b> 4 s.</summary>
    public TimeSpan DrainTimeout
    {
        get => _drainTimeout;
        set => Set(ref _drainTimeout, value);
    }

    /// <summary>The longest one request may take, from its accept to the end of Finish, in every kind and mode; null for
    /// no limit. When it passes, the request's <see cref="CancellationToken"/> fires and a stream connection is closed (in
    /// forking mode the child serving it is killed instead), and a warning names the client. Unlike a handler's idle
    /// <c>Timeout</c>, a client that sends a byte now and then cannot stretch it. <b>Default:</b> null.</summary>
    public TimeSpan? RequestTimeout
    {
        get => _requestTimeout;
        set => Set(ref _requestTimeout, value);
    }

    /// <summary>The longest a handler's <c>Finish</c> may take; null for no limit. When it passes, the request is ended as
    /// for <see cref="RequestTimeout"/>, in every kind and mode (a forked child tells the server when its Finish begins).
    /// <b>Default:</b> null.</summary>
    public TimeSpan? FinishTimeout
    {
        get => _finishTimeout;
        set => Set(ref _finishTimeout, value);
    }

    /// <summary>In threading mode, the id of the Akka dispatcher that runs handlers; empty runs them on the .NET thread pool.
    /// <b>Default:</b> <c>actor-server.handler-dispatcher</c>, a dedicated thread pool for blocking handlers.</summary>
    public string Dispatcher
    {
        get => _dispatcher;
        set => Set(ref _dispatcher, value);
    }

    /// <summary>Python's <c>block_on_close</c>: whether shutdown waits (up to <see cref="DrainTimeout"/>) for requests in
    /// flight in threading and forking modes. <b>Default:</b> true.</summary>
    public bool BlockOnClose
    {
        get => _blockOnClose;
        set => Set(ref _blockOnClose, value);
    }

    /// <summary>Python's <c>daemon_threads</c>: when true, shutdown does not wait for requests in flight; they are cancelled
    /// at once. <b>Default:</b> false.</summary>
    public bool DaemonThreads
    {
        get => _daemonThreads;
        set => Set(ref _daemonThreads, value);
    }

    /// <summary>Python's <c>max_children</c>: in forking mode, the most child processes alive at once (counted until reaped, warm and exiting ones included); beyond it the
    /// listener stops accepting until one is free (back-pressure, never a queue). <b>Default:</b> 40.</summary>
    public int MaxChildren
    {
        get => _maxChildren;
        set => Set(ref _maxChildren, value);
    }

    /// <summary>In forking mode, how many started children wait idle for requests, so process start-up is not paid
    /// per request. <b>Default:</b> 0 (start a child per request, as Python forks one).</summary>
    public int WarmChildren
    {
        get => _warmChildren;
        set => Set(ref _warmChildren, value);
    }

    /// <summary>In forking mode, how many requests a child serves before it exits; 1 gives every request a fresh
    /// process, as Python's fork does; 0 never recycles. <b>Default:</b> 1.</summary>
    public int RequestsPerChild
    {
        get => _requestsPerChild;
        set => Set(ref _requestsPerChild, value);
    }

    /// <summary>In forking mode, how long a child may take over one request, from the hand-over to its answer, before it
    /// is killed and the request failed as a handler failure (<see cref="OnHandlerError"/> applies); null: no limit.
    /// A shorter <see cref="RequestTimeout"/> or <see cref="FinishTimeout"/> ends a hang first, with a warning instead.
    /// <b>Default:</b> 60 s.</summary>
    public TimeSpan? ChildTimeout
    {
        get => _childTimeout;
        set => Set(ref _childTimeout, value);
    }

    /// <summary>The HOCON path this server's settings came from, for the keys that errors name.</summary>
    internal string SettingsPath { get; set; } = ServerSettings.DefaultsPath;

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

    /// <summary>The settings as they stand, frozen: what a serving run is started with. Server kinds with settings of
    /// their own add those.</summary>
    private protected virtual ServerSettings CurrentSettings() => new()
    {
        Mode = Mode,
        RequestQueueSize = RequestQueueSize,
        AllowReuseAddress = AllowReuseAddress,
        AllowReusePort = AllowReusePort,
        Timeout = Timeout,
        ServiceActionsInterval = ServiceActionsInterval,
        OnHandlerError = OnHandlerError,
        ListenerBackoff = ListenerBackoff,
        MaxConnections = MaxConnections,
        DrainTimeout = DrainTimeout,
        RequestTimeout = RequestTimeout,
        FinishTimeout = FinishTimeout,
        Dispatcher = Dispatcher,
        BlockOnClose = BlockOnClose,
        DaemonThreads = DaemonThreads,
        MaxChildren = MaxChildren,
        WarmChildren = WarmChildren,
        RequestsPerChild = RequestsPerChild,
        ChildTimeout = ChildTimeout,
    };

    /// <summary>The current settings, checked as a run would use them: called before binding, and as serving starts.</summary>
    /// <exception cref="ActorServerConfigurationException">A setting cannot be served with; the message names its key.</exception>
    internal ServerSettings ValidatedSettings()
    {
        var settings = CurrentSettings();
        if (settings.ServiceActionsInterval <= TimeSpan.Zero)
            throw new ActorServerConfigurationException($"{SettingsPath}.service-actions-interval",
                settings.ServiceActionsInterval.ToString(), "expected a duration above zero");
        ServerMode.For(settings.Mode).Validate(this, settings);
        return settings;
    }

    /// <summary>Sets a setting's backing field, refusing while serving: a run's settings are frozen when it starts.</summary>
    /// <exception cref="InvalidOperationException">The server is serving.</exception>
    private protected void Set<T>(ref T field, T value, [CallerMemberName] string property = "")
    {
        lock (_gate)
        {
            if (_run is { Completion.Task.IsCompleted: false })
                throw new InvalidOperationException(
                    $"{property} cannot change while server {Name} is serving: set it before ServeForeverAsync or HandleRequestAsync, or after ShutdownAsync.");
            field = value;
        }
    }
}
