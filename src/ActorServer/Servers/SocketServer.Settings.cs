using System.Runtime.CompilerServices;
using ActorServer.Modes;

namespace ActorServer;

// The server's settable settings, Python's class attributes: views of one immutable record, frozen for each serving run.
public abstract partial class SocketServer
{
    private ServerSettings _settings = new();

    /// <summary>How requests are served. <b>Default:</b> from <c>actor-server.server-defaults.mode</c> (synchronous).</summary>
    public ServingMode Mode
    {
        get => _settings.Mode;
        set => Change(s => s with { Mode = value });
    }

    /// <summary>Python's <c>request_queue_size</c>: the listen backlog, read by <see cref="ServerActivate"/>. <b>Default:</b> 4096
    /// (SOMAXCONN, as CPython 3.15 has it; the kernel lowers it to <c>net.core.somaxconn</c>).</summary>
    public int RequestQueueSize
    {
        get => _settings.RequestQueueSize;
        set => Change(s => s with { RequestQueueSize = value });
    }

    /// <summary>Python's <c>allow_reuse_address</c>, read by <see cref="ServerBind"/>. <b>Default:</b> false.</summary>
    public bool AllowReuseAddress
    {
        get => _settings.AllowReuseAddress;
        set => Change(s => s with { AllowReuseAddress = value });
    }

    /// <summary>Python's <c>allow_reuse_port</c>, read by <see cref="ServerBind"/>. <b>Default:</b> false.</summary>
    public bool AllowReusePort
    {
        get => _settings.AllowReusePort;
        set => Change(s => s with { AllowReusePort = value });
    }

    /// <summary>Python's <c>timeout</c>: how long <see cref="HandleRequestAsync"/> waits for a request before it calls
    /// <see cref="HandleTimeout"/>; null waits forever. <b>Default:</b> null.</summary>
    public TimeSpan? Timeout
    {
        get => _settings.Timeout;
        set => Change(s => s with { Timeout = value });
    }

    /// <summary>How often <see cref="ServiceActions"/> runs while serving forever. <b>Default:</b> 500 ms.</summary>
    public TimeSpan ServiceActionsInterval
    {
        get => _settings.ServiceActionsInterval;
        set => Change(s => s with { ServiceActionsInterval = value });
    }

    /// <summary>What a handler that throws does to the server. <b>Default:</b> <see cref="HandlerErrorPolicy.KeepServing"/>.</summary>
    public HandlerErrorPolicy OnHandlerError
    {
        get => _settings.OnHandlerError;
        set => Change(s => s with { OnHandlerError = value });
    }

    /// <summary>How long a restarted listener waits before it accepts again: after a handler failure under
    /// <see cref="HandlerErrorPolicy.RestartListener"/>, or after the listener actor itself failed. <b>Default:</b>
    /// 200 ms, doubling to 10 s, stretched by up to 20%.</summary>
    public ListenerBackoff ListenerBackoff
    {
        get => _settings.ListenerBackoff;
        set => Change(s => s with { ListenerBackoff = value });
    }

    /// <summary>The most requests in flight at once outside synchronous mode. <b>Default:</b> 1024.</summary>
    public int MaxConnections
    {
        get => _settings.MaxConnections;
        set => Change(s => s with { MaxConnections = value });
    }

    /// <summary>How long <see cref="ShutdownAsync"/> waits for requests in flight before cancelling them. <b>Default:</b> 4 s.</summary>
    public TimeSpan DrainTimeout
    {
        get => _settings.DrainTimeout;
        set => Change(s => s with { DrainTimeout = value });
    }

    /// <summary>The longest one request may take, from its accept to the end of Finish, in every kind and mode; null for
    /// no limit. When it passes, the request's <see cref="CancellationToken"/> fires and a stream connection is closed (in
    /// forking mode the child serving it is killed instead), and a warning names the client. Unlike a handler's idle
    /// <c>Timeout</c>, a client that sends a byte now and then cannot stretch it. <b>Default:</b> null.</summary>
    public TimeSpan? RequestTimeout
    {
        get => _settings.RequestTimeout;
        set => Change(s => s with { RequestTimeout = value });
    }

    /// <summary>The longest a handler's <c>Finish</c> may take; null for no limit. When it passes, the request is ended as
    /// for <see cref="RequestTimeout"/>, in every kind and mode (a forked child tells the server when its Finish begins).
    /// <b>Default:</b> null.</summary>
    public TimeSpan? FinishTimeout
    {
        get => _settings.FinishTimeout;
        set => Change(s => s with { FinishTimeout = value });
    }

    /// <summary>In threading mode, the id of the Akka dispatcher that runs handlers; empty runs them on the .NET thread pool.
    /// <b>Default:</b> <c>actor-server.handler-dispatcher</c>, a dedicated thread pool for blocking handlers; with it, a
    /// datagram server whose handler class overrides none of <c>Setup</c>, <c>Handle</c>, <c>Finish</c> runs each handler
    /// on its datagram's actor instead (docs/modes.md).</summary>
    public string Dispatcher
    {
        get => _settings.Dispatcher;
        set => Change(s => s with { Dispatcher = value });
    }

    /// <summary>Python's <c>block_on_close</c>: whether shutdown waits (up to <see cref="DrainTimeout"/>) for requests in
    /// flight in threading and forking modes. <b>Default:</b> true.</summary>
    public bool BlockOnClose
    {
        get => _settings.BlockOnClose;
        set => Change(s => s with { BlockOnClose = value });
    }

    /// <summary>Python's <c>daemon_threads</c>: when true, shutdown does not wait for requests in flight; they are cancelled
    /// at once. <b>Default:</b> false.</summary>
    public bool DaemonThreads
    {
        get => _settings.DaemonThreads;
        set => Change(s => s with { DaemonThreads = value });
    }

    /// <summary>Python's <c>max_children</c>: in forking mode, the most child processes alive at once (counted until reaped, warm and exiting ones included); beyond it the
    /// listener stops accepting until one is free (back-pressure, never a queue). <b>Default:</b> 40.</summary>
    public int MaxChildren
    {
        get => _settings.MaxChildren;
        set => Change(s => s with { MaxChildren = value });
    }

    /// <summary>In forking mode, how many started children wait idle for requests, so process start-up is not paid
    /// per request. <b>Default:</b> 0 (start a child per request, as Python forks one).</summary>
    public int WarmChildren
    {
        get => _settings.WarmChildren;
        set => Change(s => s with { WarmChildren = value });
    }

    /// <summary>In forking mode, how many requests a child serves before it exits; 1 gives every request a fresh
    /// process, as Python's fork does; 0 never recycles. <b>Default:</b> 1.</summary>
    public int RequestsPerChild
    {
        get => _settings.RequestsPerChild;
        set => Change(s => s with { RequestsPerChild = value });
    }

    /// <summary>In forking mode, how long a child may take over one request, from the hand-over to its answer, before it
    /// is killed and the request failed as a handler failure (<see cref="OnHandlerError"/> applies); null: no limit.
    /// A shorter <see cref="RequestTimeout"/> or <see cref="FinishTimeout"/> ends a hang first, with a warning instead.
    /// <b>Default:</b> 60 s.</summary>
    public TimeSpan? ChildTimeout
    {
        get => _settings.ChildTimeout;
        set => Change(s => s with { ChildTimeout = value });
    }

    /// <summary>The HOCON path this server's settings came from, for the keys that errors name.</summary>
    internal string SettingsPath { get; set; } = ServerSettings.DefaultsPath;

    /// <summary>Takes every setting of <paramref name="settings"/>, the kind-specific ones (<c>max-packet-size</c>,
    /// <c>socket-file-mode</c>) included; call before binding.</summary>
    /// <exception cref="InvalidOperationException">The server is serving.</exception>
    public virtual void ApplySettings(ServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Change(_ => settings);
    }

    /// <summary>The settings as they stand: one immutable record, which each property reads and each setter replaces, so
    /// a serving run is handed this very record, frozen.</summary>
    private protected ServerSettings CurrentSettings => _settings;

    /// <summary>The current settings, checked by the same rules as HOCON's (every key's, then the mode's): called before
    /// binding, and as serving starts, which serves with the record returned.</summary>
    /// <exception cref="ActorServerConfigurationException">A setting cannot be served with; the message names its key.</exception>
    internal ServerSettings ValidatedSettings()
    {
        var settings = _settings.Validated(SettingsPath);
        ServerMode.For(settings.Mode).Validate(this, settings);
        ValidateForKind(settings);
        ValidateTls(settings);
        return settings;
    }

    /// <summary>The checks only a kind can make (an abstract Unix datagram socket's mode, say), as part of
    /// <see cref="ValidatedSettings"/>.</summary>
    /// <exception cref="ActorServerConfigurationException">A setting this kind cannot serve with; the message names its key.</exception>
    private protected virtual void ValidateForKind(ServerSettings settings)
    {
    }

    /// <summary>Why this server refuses the peer of <paramref name="request"/> before <c>VerifyRequest</c> sees it, or
    /// null: an abstract Unix stream socket applies <c>socket-file-mode</c> to the peer's credentials.</summary>
    internal virtual string? PeerRefusal(object request, ServerSettings settings) => null;

    /// <summary>Replaces the settings with <paramref name="change"/>'s, refusing while serving: a run's settings are
    /// frozen when it starts.</summary>
    /// <exception cref="InvalidOperationException">The server is serving.</exception>
    private protected void Change(Func<ServerSettings, ServerSettings> change, [CallerMemberName] string property = "")
    {
        lock (_gate)
        {
            if (_run is { Completion.Task.IsCompleted: false })
                throw new InvalidOperationException(
                    $"{property} cannot change while server {Name} is serving: set it before ServeForeverAsync or HandleRequestAsync, or after ShutdownAsync.");
            _settings = change(_settings);
        }
    }
}
