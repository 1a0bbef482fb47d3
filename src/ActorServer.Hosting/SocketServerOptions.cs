using System.Text;
using Akka.Configuration;

namespace ActorServer.Hosting;

/// <summary>
/// A socket server's options for <c>WithSocketServer</c>. They render to the same HOCON keys as a configuration file
/// (<c>actor-server.servers.NAME { … }</c>), and the server is created from that configuration: one source of truth.
/// A property left null writes nothing, so the key falls back to <c>actor-server.server-defaults</c> (or to the file).
/// Every key of <c>actor-server.server-defaults</c> has a property here, named after it in Pascal case.
/// </summary>
public sealed class SocketServerOptions
{
    /// <summary>What the server listens on. HOCON <c>kind</c>. <b>Default:</b> <see cref="ServerKind.Tcp"/>.</summary>
    public ServerKind? Kind { get; set; }

    /// <summary>The address to bind for the IP kinds: <c>127.0.0.1:9999</c>, <c>[::1]:9999</c>, <c>localhost:9999</c>,
    /// <c>*:9999</c>, optionally <c>tcp://</c>; port 0 picks a free port. HOCON <c>endpoint</c>. <b>Default:</b> none (required for tcp and udp).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The socket file for the Unix kinds. HOCON <c>path</c>. <b>Default:</b> none (required for unix-stream and unix-datagram).</summary>
    public string? Path { get; set; }

    /// <summary>How requests are served. HOCON <c>mode</c>. <b>Default:</b> <see cref="ServingMode.Synchronous"/>.</summary>
    public ServingMode? Mode { get; set; }

    /// <summary>The listen backlog (Python's <c>request_queue_size</c>). HOCON <c>request-queue-size</c>. <b>Default:</b> 4096 (SOMAXCONN).</summary>
    public int? RequestQueueSize { get; set; }

    /// <summary>SO_REUSEADDR on the listening socket. HOCON <c>allow-reuse-address</c>. <b>Default:</b> false.</summary>
    public bool? AllowReuseAddress { get; set; }

    /// <summary>SO_REUSEPORT on the listening socket. HOCON <c>allow-reuse-port</c>. <b>Default:</b> false.</summary>
    public bool? AllowReusePort { get; set; }

    /// <summary>How long <c>HandleRequestAsync</c> waits for a request; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// waits forever. HOCON <c>timeout</c>. <b>Default:</b> infinite.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>How often <c>ServiceActions()</c> runs while serving. HOCON <c>service-actions-interval</c>. <b>Default:</b> 500 ms.</summary>
    public TimeSpan? ServiceActionsInterval { get; set; }

    /// <summary>What a handler that throws does to the server. HOCON <c>on-handler-error</c>. <b>Default:</b> <see cref="HandlerErrorPolicy.KeepServing"/>.</summary>
    public HandlerErrorPolicy? OnHandlerError { get; set; }

    /// <summary>How long a restarted listener waits before it accepts again (after <see cref="HandlerErrorPolicy.RestartListener"/>,
    /// or the listener failing). HOCON <c>listener-backoff { min, max, random-factor }</c>. <b>Default:</b> 200 ms doubling to 10 s,
    /// stretched by up to 20%.</summary>
    public ListenerBackoff? ListenerBackoff { get; set; }

    /// <summary>The most requests in flight at once outside synchronous mode. HOCON <c>max-connections</c>. <b>Default:</b> 1024.</summary>
    public int? MaxConnections { get; set; }

    /// <summary>How long shutdown waits for requests in flight before cancelling them. HOCON <c>drain-timeout</c>. <b>Default:</b> 4 s.</summary>
    public TimeSpan? DrainTimeout { get; set; }

    /// <summary>The longest one request may take, from its accept to the end of Finish, before it is cancelled and closed (slow clients);
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no limit. HOCON <c>request-timeout</c>. <b>Default:</b> infinite.</summary>
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>The longest a handler's Finish may take before the request is cancelled and closed;
    /// <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> for no limit. HOCON <c>finish-timeout</c>. <b>Default:</b> infinite.</summary>
    public TimeSpan? FinishTimeout { get; set; }

    /// <summary>In threading mode, the id of the Akka dispatcher that runs handlers; empty runs them on the .NET thread pool.
    /// HOCON <c>dispatcher</c>. <b>Default:</b> <c>actor-server.handler-dispatcher</c> (a dedicated pool for blocking handlers).</summary>
    public string? Dispatcher { get; set; }

    /// <summary>Python's <c>block_on_close</c>: whether shutdown waits for requests in flight. HOCON <c>block-on-close</c>. <b>Default:</b> true.</summary>
    public bool? BlockOnClose { get; set; }

    /// <summary>Python's <c>daemon_threads</c>: shutdown cancels requests in flight at once. HOCON <c>daemon-threads</c>. <b>Default:</b> false.</summary>
    public bool? DaemonThreads { get; set; }

    /// <summary>Python's <c>max_children</c>: in forking mode, the most live child processes. HOCON <c>max-children</c>. <b>Default:</b> 40.</summary>
    public int? MaxChildren { get; set; }

    /// <summary>In forking mode, how many started children wait idle for requests. HOCON <c>warm-children</c>. <b>Default:</b> 0.</summary>
    public int? WarmChildren { get; set; }

    /// <summary>In forking mode, how many requests a child serves before it exits (0: never recycled). HOCON <c>requests-per-child</c>. <b>Default:</b> 1.</summary>
    public int? RequestsPerChild { get; set; }

    /// <summary>In forking mode, how long a child may take over one request; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/>
    /// for no limit. HOCON <c>child-timeout</c>. <b>Default:</b> 60 s.</summary>
    public TimeSpan? ChildTimeout { get; set; }

    /// <summary>The largest datagram a datagram server accepts, in bytes (Python's <c>max_packet_size</c>); a larger one is
    /// dropped with a warning, never passed on truncated. HOCON <c>max-packet-size</c>. <b>Default:</b> 8192.</summary>
    public int? MaxPacketSize { get; set; }

    /// <summary>The permissions of a Unix server's socket file, set right after binding (connecting needs write
    /// permission). HOCON <c>socket-file-mode</c>, written in octal (<c>"0660"</c>). <b>Default:</b> 0600 (the owner only).</summary>
    public UnixFileMode? SocketFileMode { get; set; }

    /// <summary>TLS for a stream server: its certificate files and the other <c>tls</c> keys (every key of the
    /// <c>tls</c> object is written), HOCON <c>tls { … }</c>. The code-only members (a certificate selector or object,
    /// the client-certificate validation, <c>OnAuthenticate</c>) have no HOCON key: <see cref="ToHocon"/> leaves them
    /// out, and <c>WithSocketServer</c> applies them to the server when it starts. Forking mode refuses them, as the
    /// host is built. <b>Default:</b> off.</summary>
    public TlsSettings? Tls { get; set; }

    /// <summary>Cluster mode's settings (<c>cluster { … }</c>): the router, the workers' role, what the front does without
    /// a worker, the retry buffer. <b>Default:</b> <see cref="ClusterModeSettings.Default"/>.</summary>
    public ClusterModeSettings? Cluster { get; set; }

    /// <summary>Whether a readiness health check (tagged <c>ready</c>) reports this server: healthy once it is bound and
    /// serving. Not a HOCON key: it is the host's concern. <b>Default:</b> true.</summary>
    public bool? AddReadinessCheck { get; set; }

    /// <summary>The HOCON these options stand for: <c>actor-server.servers.NAME { … }</c> with a line per set property.</summary>
    /// <param name="name">The server's name.</param>
    /// <param name="handlerType">The handler class, written as <c>handler = "Namespace.Type, Assembly"</c>.</param>
    public string ToHocon(string name, Type handlerType)
    {
        var hocon = new StringBuilder();
        hocon.Append(ServerDefinition.PathOf(name)).AppendLine(" {");
        Line(hocon, "handler", SettingFormats.Quote($"{handlerType.FullName}, {handlerType.Assembly.GetName().Name}"));
        Line(hocon, "kind", Kind is null ? null : ServerDefinition.Kebab(Kind.Value));
        Line(hocon, "endpoint", Endpoint is null ? null : SettingFormats.Quote(Endpoint));
        Line(hocon, "path", Path is null ? null : SettingFormats.Quote(Path));
        // The table writes each value as its reader reads it; a test sets every table key here and reads it back.
        foreach (var (key, value) in Settings())
            Line(hocon, key, value is null ? null : SettingsTable.Get(key).Render(value));
        return hocon.AppendLine("}").ToString();
    }

    /// <summary>Each settings property with its key in the settings table.</summary>
    private IEnumerable<(string Key, object? Value)> Settings() =>
    [
        ("mode", Mode),
        ("request-queue-size", RequestQueueSize),
        ("allow-reuse-address", AllowReuseAddress),
        ("allow-reuse-port", AllowReusePort),
        ("timeout", Timeout),
        ("service-actions-interval", ServiceActionsInterval),
        ("on-handler-error", OnHandlerError),
        ("listener-backoff.min", ListenerBackoff?.Min),
        ("listener-backoff.max", ListenerBackoff?.Max),
        ("listener-backoff.random-factor", ListenerBackoff?.RandomFactor),
        ("max-connections", MaxConnections),
        ("drain-timeout", DrainTimeout),
        ("request-timeout", RequestTimeout),
        ("finish-timeout", FinishTimeout),
        ("dispatcher", Dispatcher),
        ("block-on-close", BlockOnClose),
        ("daemon-threads", DaemonThreads),
        ("max-children", MaxChildren),
        ("warm-children", WarmChildren),
        ("requests-per-child", RequestsPerChild),
        ("child-timeout", ChildTimeout),
        ("max-packet-size", MaxPacketSize),
        ("socket-file-mode", SocketFileMode),
        .. TlsKeys(),
        .. GroupKeys("cluster.", Cluster is null ? null : new ServerSettings { Cluster = Cluster }),
    ];

    /// <summary>The <c>tls</c> keys, all of them once <see cref="Tls"/> is set; its code-only members have none.</summary>
    private IEnumerable<(string Key, object? Value)> TlsKeys()
    {
        var settings = new ServerSettings { Tls = Tls ?? TlsSettings.None };
        return SettingsTable.Keys.Where(k => k.Key.StartsWith("tls.", StringComparison.Ordinal)).Select(k => (k.Key, Tls is null ? null : k.ValueOf(settings)));
    }

    /// <summary>The keys of a group (<c>cluster.</c>), each with its value in <paramref name="settings"/>; none set when it is null.</summary>
    private static IEnumerable<(string Key, object? Value)> GroupKeys(string prefix, ServerSettings? settings) =>
        SettingsTable.Keys.Where(k => k.Key.StartsWith(prefix, StringComparison.Ordinal)).Select(k => (k.Key, settings is null ? null : k.ValueOf(settings)));

    /// <summary><see cref="ToHocon"/>, parsed.</summary>
    public Config ToConfig(string name, Type handlerType) => ConfigurationFactory.ParseString(ToHocon(name, handlerType));

    private static void Line(StringBuilder hocon, string key, string? value)
    {
        if (value is not null)
            hocon.Append("  ").Append(key).Append(" = ").AppendLine(value);
    }
}
