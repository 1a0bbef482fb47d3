using Akka.Configuration;

namespace ActorServer;

/// <summary>
/// The settings of one server, read from HOCON (<c>actor-server.server-defaults</c>, see <c>reference.conf</c>)
/// and validated. A server object copies these into its properties, where code can still change them before binding.
/// </summary>
public sealed record ServerSettings
{
    /// <summary>The HOCON path of the defaults every server starts from.</summary>
    public const string DefaultsPath = "actor-server.server-defaults";

    /// <summary>How requests are served. HOCON <c>mode</c>. <b>Default:</b> <see cref="ServingMode.Synchronous"/>.</summary>
    public ServingMode Mode { get; init; } = ServingMode.Synchronous;

    /// <summary>The listen backlog: Python's <c>request_queue_size</c>. HOCON <c>request-queue-size</c>. <b>Default:</b> 4096,
    /// Linux's SOMAXCONN (as CPython 3.15 sets it); the kernel lowers it to <c>net.core.somaxconn</c>.</summary>
    public int RequestQueueSize { get; init; } = 4096;

    /// <summary>SO_REUSEADDR on the listening socket: Python's <c>allow_reuse_address</c>. <b>Default:</b> off.</summary>
    public bool AllowReuseAddress { get; init; }

    /// <summary>SO_REUSEPORT on the listening socket: Python's <c>allow_reuse_port</c>. <b>Default:</b> off.</summary>
    public bool AllowReusePort { get; init; }

    /// <summary>How long <c>HandleRequestAsync</c> waits for a request; <c>null</c> waits forever. <b>Default:</b> infinite.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>How often <c>ServiceActions()</c> runs while serving: Python's <c>poll_interval</c>. <b>Default:</b> 500ms.</summary>
    public TimeSpan ServiceActionsInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>What a handler that throws does to the server. HOCON <c>on-handler-error</c>. <b>Default:</b> keep-serving.</summary>
    public HandlerErrorPolicy OnHandlerError { get; init; } = HandlerErrorPolicy.KeepServing;

    /// <summary>How long a restarted listener waits before accepting again (<c>on-handler-error = restart-listener</c>,
    /// or the listener actor failing). HOCON <c>listener-backoff</c>. <b>Default:</b> <see cref="ActorServer.ListenerBackoff.Default"/>.</summary>
    public ListenerBackoff ListenerBackoff { get; init; } = ListenerBackoff.Default;

    /// <summary>The most requests in flight at once in concurrent modes. HOCON <c>max-connections</c>. <b>Default:</b> 1024.</summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>How long shutdown waits for requests in flight before cancelling them. HOCON <c>drain-timeout</c>. <b>Default:</b> 4s.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>The longest one request may take, accept to Finish, before it is cancelled and its connection closed (in
    /// forking mode, its child killed); <c>null</c> for no limit. HOCON <c>request-timeout</c>. <b>Default:</b> infinite.</summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>The longest a handler's Finish may take before the request is ended as for <see cref="RequestTimeout"/>;
    /// <c>null</c> for no limit. HOCON <c>finish-timeout</c>. <b>Default:</b> infinite.</summary>
    public TimeSpan? FinishTimeout { get; init; }

    /// <summary>In threading mode, the Akka dispatcher that runs handlers; empty for the .NET thread pool.
    /// HOCON <c>dispatcher</c>. <b>Default:</b> <c>actor-server.handler-dispatcher</c>.</summary>
    public string Dispatcher { get; init; } = DefaultDispatcher;

    /// <summary>The default <see cref="Dispatcher"/>: dedicated threads for blocking handlers.</summary>
    internal const string DefaultDispatcher = "actor-server.handler-dispatcher";

    /// <summary>Python's <c>block_on_close</c>. HOCON <c>block-on-close</c>. <b>Default:</b> on.</summary>
    public bool BlockOnClose { get; init; } = true;

    /// <summary>Python's <c>daemon_threads</c>. HOCON <c>daemon-threads</c>. <b>Default:</b> off.</summary>
    public bool DaemonThreads { get; init; }

    /// <summary>Python's <c>max_children</c>. HOCON <c>max-children</c>. <b>Default:</b> 40.</summary>
    public int MaxChildren { get; init; } = 40;

    /// <summary>Children started ahead of requests in forking mode. HOCON <c>warm-children</c>. <b>Default:</b> 0.</summary>
    public int WarmChildren { get; init; }

    /// <summary>Requests a forked child serves before it exits (0: no limit). HOCON <c>requests-per-child</c>. <b>Default:</b> 1.</summary>
    public int RequestsPerChild { get; init; } = 1;

    /// <summary>How long a forked child may take over one request. HOCON <c>child-timeout</c>. <b>Default:</b> 60s.</summary>
    public TimeSpan? ChildTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest datagram a datagram server accepts, in bytes: Python's <c>max_packet_size</c>. A larger one is
    /// dropped with a warning, never passed on truncated. HOCON <c>max-packet-size</c>. <b>Default:</b> 8192.</summary>
    public int MaxPacketSize { get; init; } = 8192;

    /// <summary>The permissions of a Unix server's socket file, set right after binding; who may connect is a security
    /// decision. HOCON <c>socket-file-mode</c>, in octal. <b>Default:</b> 0600 (the owner only).</summary>
    public UnixFileMode SocketFileMode { get; init; } = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>TLS for a stream server: on once a certificate is given. HOCON <c>tls { … }</c>. <b>Default:</b>
    /// <see cref="TlsSettings.None"/> (off).</summary>
    public TlsSettings Tls { get; init; } = TlsSettings.None;

    /// <summary>Cluster mode's settings: the router, the workers' role, what to do without a worker, the retry buffer.
    /// HOCON <c>cluster { … }</c>. <b>Default:</b> <see cref="ClusterModeSettings.Default"/>.</summary>
    public ClusterModeSettings Cluster { get; init; } = ClusterModeSettings.Default;

    /// <summary>The settings in <c>actor-server.server-defaults</c> of <paramref name="config"/>, over the reference defaults.</summary>
    /// <exception cref="ActorServerConfigurationException">A value is missing, of the wrong type or out of range, or a key is
    /// unknown; the message names the key (and, for an unknown one, the nearest valid key).</exception>
    public static ServerSettings Create(Config? config) => Create(config, DefaultsPath);

    /// <summary>The settings at <paramref name="path"/> of <paramref name="config"/>, falling back to the server defaults.</summary>
    /// <exception cref="ActorServerConfigurationException">A value is missing, of the wrong type or out of range, or a key is
    /// unknown (at <paramref name="path"/> or in the defaults); the message names the key (and, for an unknown one, the
    /// nearest valid key). Under <c>actor-server.servers</c> a definition's own keys (<c>kind</c>, <c>endpoint</c>,
    /// <c>path</c>, <c>handler</c>) are known too.</exception>
    public static ServerSettings Create(Config? config, string path)
    {
        var full = ActorServerConfig.WithDefaults(config);
        var defaults = full.GetConfig(DefaultsPath);
        UnknownKeys.Check(defaults, DefaultsPath, []);
        var scoped = defaults;
        if (path != DefaultsPath)
        {
            var own = full.GetConfig(path) ?? Config.Empty;
            UnknownKeys.Check(own, path, path.StartsWith(ServerDefinition.ServersPath + ".", StringComparison.Ordinal) ? ServerDefinition.OwnKeys : []);
            scoped = own.WithFallback(defaults);
        }
        var reader = new SettingsReader(scoped, path);
        return SettingsTable.Keys.Aggregate(new ServerSettings(), (settings, key) => key.ReadInto(settings, reader));
    }

    /// <summary>These settings checked as if they had been read from HOCON at <paramref name="path"/>, so that a value set
    /// in code meets the same rules (and errors) as one in a file; returns them as read back (a limit of
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> becomes null, as <c>infinite</c> does).</summary>
    /// <exception cref="ActorServerConfigurationException">A value breaks its key's rule; the message names <paramref name="path"/>'s key.</exception>
    internal ServerSettings Validated(string path)
    {
        var hocon = string.Join('\n', SettingsTable.Keys.Select(key => $"{key.Key} = {key.Render(key.ValueOf(this))}"));
        var reader = new SettingsReader(ConfigurationFactory.ParseString(hocon), path);
        var read = SettingsTable.Keys.Aggregate(new ServerSettings(), (settings, key) => key.ReadInto(settings, reader));
        // HOCON carries no callbacks nor in-memory certificates: those come back from the code that set them.
        return read with { Tls = read.Tls.WithCodeOnlyMembersOf(Tls) };
    }
}
