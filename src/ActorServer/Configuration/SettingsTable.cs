using static ActorServer.SettingFormats;

namespace ActorServer;

/// <summary>
/// Every key of <c>actor-server.server-defaults</c>, once: the HOCON reader, its validation, the unknown-key check and
/// the hosting options' HOCON all come from here, and tests hold <c>reference.conf</c>, <see cref="ServerSettings"/>'
/// initial values and <c>SocketServerOptions</c> to it. A new setting is a row here, a property on
/// <see cref="ServerSettings"/> (and on <c>SocketServerOptions</c>), and its paragraph in <c>reference.conf</c>.
/// </summary>
internal static class SettingsTable
{
    /// <summary>The keys in the order they are read, which is the order errors are found in (and a
    /// <c>check</c> may rely on the keys above it: <c>listener-backoff.max</c> on <c>listener-backoff.min</c>).</summary>
    public static IReadOnlyList<SettingKey> Keys { get; } =
    [
        Key("mode", Enum<ServingMode>(), "synchronous",
            "How requests are served: synchronous, threading or forking (Python's mix-ins).",
            s => s.Mode, (s, v) => s with { Mode = v }),
        Key("request-queue-size", Int(min: 0), "4096",
            "The listen backlog: Python's request_queue_size; SOMAXCONN by default, as CPython 3.15 has it.",
            s => s.RequestQueueSize, (s, v) => s with { RequestQueueSize = v }),
        Key("allow-reuse-address", OnOff, "off",
            "SO_REUSEADDR on the listening socket: Python's allow_reuse_address.",
            s => s.AllowReuseAddress, (s, v) => s with { AllowReuseAddress = v }),
        Key("allow-reuse-port", OnOff, "off",
            "SO_REUSEPORT on the listening socket: Python's allow_reuse_port.",
            s => s.AllowReusePort, (s, v) => s with { AllowReusePort = v }),
        Key("timeout", DurationOrInfinite, "infinite",
            "How long handle_request waits for a request before HandleTimeout(): Python's BaseServer.timeout.",
            s => s.Timeout, (s, v) => s with { Timeout = v }),
        Key("service-actions-interval", PositiveDuration, "500ms",
            "How often ServiceActions() runs while serving forever: Python's poll_interval.",
            s => s.ServiceActionsInterval, (s, v) => s with { ServiceActionsInterval = v }),
        Key("on-handler-error", Enum<HandlerErrorPolicy>(), "keep-serving",
            "What a handler that throws does to the server: keep-serving, stop-server, escalate or restart-listener.",
            s => s.OnHandlerError, (s, v) => s with { OnHandlerError = v }),
        Key("listener-backoff.min", PositiveDuration, "200ms",
            "The first delay before a restarted listener accepts again.",
            s => s.ListenerBackoff.Min, (s, v) => s with { ListenerBackoff = s.ListenerBackoff with { Min = v } }),
        Key("listener-backoff.max", Duration, "10s",
            "The longest back-off delay before its random stretch; at least listener-backoff.min.",
            s => s.ListenerBackoff.Max, (s, v) => s with { ListenerBackoff = s.ListenerBackoff with { Max = v } },
            check: (s, max) => max < s.ListenerBackoff.Min
                ? $"expected a duration of at least listener-backoff.min ({s.ListenerBackoff.Min.TotalMilliseconds} ms)"
                : null),
        Key("listener-backoff.random-factor", Double(min: 0, max: 1), "0.2",
            "The largest random stretch of a back-off delay, as a share of it.",
            s => s.ListenerBackoff.RandomFactor, (s, v) => s with { ListenerBackoff = s.ListenerBackoff with { RandomFactor = v } }),
        Key("max-connections", Int(min: 1), "1024",
            "The most requests served at once in threading mode; at the limit the listener stops accepting.",
            s => s.MaxConnections, (s, v) => s with { MaxConnections = v }),
        Key("drain-timeout", Duration, "4s",
            "How long shutdown waits for requests in flight before it cancels them.",
            s => s.DrainTimeout, (s, v) => s with { DrainTimeout = v }),
        Key("request-timeout", PositiveDurationOrInfinite, "infinite",
            "The longest one request may take, from its accept to the end of Finish.",
            s => s.RequestTimeout, (s, v) => s with { RequestTimeout = v }),
        Key("finish-timeout", PositiveDurationOrInfinite, "infinite",
            "The longest a handler's Finish may take.",
            s => s.FinishTimeout, (s, v) => s with { FinishTimeout = v }),
        Key("dispatcher", Text, "\"actor-server.handler-dispatcher\"",
            "In threading mode, the Akka dispatcher that runs handlers; empty for the .NET thread pool.",
            s => s.Dispatcher, (s, v) => s with { Dispatcher = v }),
        Key("block-on-close", OnOff, "on",
            "Python's block_on_close: whether shutdown waits for the requests in flight.",
            s => s.BlockOnClose, (s, v) => s with { BlockOnClose = v }),
        Key("daemon-threads", OnOff, "off",
            "Python's daemon_threads: shutdown cancels the requests in flight at once.",
            s => s.DaemonThreads, (s, v) => s with { DaemonThreads = v }),
        Key("max-children", Int(min: 1), "40",
            "Python's max_children: the most child processes alive in forking mode.",
            s => s.MaxChildren, (s, v) => s with { MaxChildren = v }),
        Key("warm-children", Int(min: 0), "0",
            "Children started ahead of requests in forking mode and kept idle.",
            s => s.WarmChildren, (s, v) => s with { WarmChildren = v }),
        Key("requests-per-child", Int(min: 0), "1",
            "Requests a forked child serves before it exits; 0 never recycles.",
            s => s.RequestsPerChild, (s, v) => s with { RequestsPerChild = v }),
        Key("child-timeout", PositiveDurationOrInfinite, "60s",
            "How long a forked child may take over one request before it is killed.",
            s => s.ChildTimeout, (s, v) => s with { ChildTimeout = v }),
        Key("max-packet-size", Int(min: 1), "8192",
            "The largest datagram a datagram server accepts, in bytes: Python's max_packet_size.",
            s => s.MaxPacketSize, (s, v) => s with { MaxPacketSize = v }),
        Key("socket-file-mode", Octal, "\"0600\"",
            "The permissions of a Unix server's socket file, in octal.",
            s => s.SocketFileMode, (s, v) => s with { SocketFileMode = v }),
        Key("tls.certificate.path", Text, "\"\"",
            "The server's certificate, PEM or PFX (.pfx, .p12); setting it turns TLS on (stream kinds only).",
            s => s.Tls.Certificate.Path, (s, v) => s with { Tls = s.Tls with { Certificate = s.Tls.Certificate with { Path = v } } }),
        Key("tls.certificate.key-path", Text, "\"\"",
            "The certificate's PEM private key; empty when the certificate file holds it.",
            s => s.Tls.Certificate.KeyPath, (s, v) => s with { Tls = s.Tls with { Certificate = s.Tls.Certificate with { KeyPath = v } } }),
        Key("tls.certificate.password-env", Text, "\"\"",
            "The environment variable holding the PFX or encrypted key's password.",
            s => s.Tls.Certificate.PasswordEnv, (s, v) => s with { Tls = s.Tls with { Certificate = s.Tls.Certificate with { PasswordEnv = v } } }),
        Key("tls.certificate.password-file", Text, "\"\"",
            "A file holding the PFX or encrypted key's password.",
            s => s.Tls.Certificate.PasswordFile, (s, v) => s with { Tls = s.Tls with { Certificate = s.Tls.Certificate with { PasswordFile = v } } }),
        Key("tls.sni", SniMap, "{}",
            "Certificates by the host name a client asks for (SNI), each entry as tls.certificate; others get tls.certificate.",
            s => s.Tls.Sni, (s, v) => s with { Tls = s.Tls with { Sni = v } }),
        Key("tls.client-certificate-mode", Enum<ClientCertificateMode>(), "none",
            "Whether clients are asked for a certificate: none, allow or require.",
            s => s.Tls.ClientCertificateMode, (s, v) => s with { Tls = s.Tls with { ClientCertificateMode = v } }),
        Key("tls.client-certificate-authorities", Text, "\"\"",
            "A PEM file of the authorities client certificates must chain to; empty for the system's.",
            s => s.Tls.ClientCertificateAuthorities, (s, v) => s with { Tls = s.Tls with { ClientCertificateAuthorities = v } }),
        Key("tls.ssl-protocols", TlsVersions, "[tls12, tls13]",
            "The TLS versions offered: tls12, tls13 or both.",
            s => s.Tls.SslProtocols, (s, v) => s with { Tls = s.Tls with { SslProtocols = v } }),
        Key("tls.check-certificate-revocation", OnOff, "off",
            "Whether a client certificate's revocation is checked online.",
            s => s.Tls.CheckCertificateRevocation, (s, v) => s with { Tls = s.Tls with { CheckCertificateRevocation = v } }),
        Key("tls.alpn-protocols", TextList, "[]",
            "The application protocols offered through ALPN, in order of preference.",
            s => s.Tls.AlpnProtocols, (s, v) => s with { Tls = s.Tls with { AlpnProtocols = v } }),
        Key("tls.handshake-timeout", PositiveDuration, "10s",
            "The longest a TLS handshake may take before the connection is dropped.",
            s => s.Tls.HandshakeTimeout, (s, v) => s with { Tls = s.Tls with { HandshakeTimeout = v } }),
        Key("cluster.router", Enum<ClusterRouting>(), "round-robin",
            "In cluster mode, how a request's worker is chosen: round-robin, or consistent-hashing by client address.",
            s => s.Cluster.Router, (s, v) => s with { Cluster = s.Cluster with { Router = v } }),
        Key("cluster.worker-role", Text, "\"worker\"",
            "In cluster mode, the cluster role of the nodes that run handlers.",
            s => s.Cluster.WorkerRole, (s, v) => s with { Cluster = s.Cluster with { WorkerRole = v } },
            check: (_, role) => string.IsNullOrWhiteSpace(role) ? "expected the name of a cluster role, such as worker" : null),
        Key("cluster.allow-local-routees", OnOff, "on",
            "In cluster mode, whether this node's own worker (when it has the worker role) may serve its requests.",
            s => s.Cluster.AllowLocalRoutees, (s, v) => s with { Cluster = s.Cluster with { AllowLocalRoutees = v } }),
        Key("cluster.on-no-workers", Enum<NoWorkersPolicy>(), "pause",
            "In cluster mode, what the listener does while no worker is reachable: pause (accept nothing) or refuse (accept and close).",
            s => s.Cluster.OnNoWorkers, (s, v) => s with { Cluster = s.Cluster with { OnNoWorkers = v } }),
        Key("cluster.worker-timeout", PositiveDuration, "5s",
            "In cluster mode, how long a worker has to take a request before it is tried elsewhere or closed.",
            s => s.Cluster.WorkerTimeout, (s, v) => s with { Cluster = s.Cluster with { WorkerTimeout = v } }),
        Key("cluster.stream-buffer", Int(min: 1), "8",
            "In cluster mode, the chunks each direction of a connection holds in flight between the nodes.",
            s => s.Cluster.StreamBuffer, (s, v) => s with { Cluster = s.Cluster with { StreamBuffer = v } }),
        Key("cluster.retry-buffer", Int(min: 0), "65536",
            "In cluster mode, the most client bytes kept to replay a retry-safe request on another worker; 0 never retries.",
            s => s.Cluster.RetryBuffer, (s, v) => s with { Cluster = s.Cluster with { RetryBuffer = v } }),
    ];

    private static readonly Dictionary<string, SettingKey> ByName = Keys.ToDictionary(k => k.Key, StringComparer.Ordinal);

    /// <summary>The keys that hold an object of keys rather than a value (<c>listener-backoff</c>).</summary>
    public static IReadOnlySet<string> Groups { get; } =
        Keys.Select(k => k.Key).Where(k => k.Contains('.', StringComparison.Ordinal)).Select(k => k[..k.IndexOf('.', StringComparison.Ordinal)]).ToHashSet();

    /// <summary>The key named <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">It is not a key of the table.</exception>
    public static SettingKey Get(string key) =>
        ByName.TryGetValue(key, out var found) ? found : throw new ArgumentException($"'{key}' is not a key of {ServerSettings.DefaultsPath}", nameof(key));

    /// <summary>Whether <paramref name="key"/> is a key of the table.</summary>
    public static bool Contains(string key) => ByName.ContainsKey(key);

    private static SettingKey<T> Key<T>(string key, SettingFormat<T> format, string defaultHocon, string doc,
        Func<ServerSettings, T> get, Func<ServerSettings, T, ServerSettings> set, Func<ServerSettings, T, string?>? check = null) =>
        new(key, format, defaultHocon, doc, get, set, check);
}
