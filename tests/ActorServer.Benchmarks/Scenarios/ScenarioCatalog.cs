using ActorServer.Benchmarks.Hosts;
using ActorServer.Benchmarks.Load;
using ActorServer.Benchmarks.Report;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Scenarios;

/// <summary>The scenarios of issues 6 and 13, in the order the full run takes them.</summary>
internal static class ScenarioCatalog
{
    private static readonly ServerVariant ActorServer = new(Contender.ActorServer, "ActorServer (threading)");
    private static readonly ServerVariant Raw = new(Contender.Raw, "raw Socket");
    private static readonly ServerVariant AkkaStreams = new(Contender.AkkaStreams, "Akka.Streams Tcp");
    private static readonly ServerVariant Python = new(Contender.Python, "Python ThreadingTCPServer");
    private static readonly ServerVariant ActorServerOnPool = ActorServer with { Label = "ActorServer (threading, dispatcher = \"\")", Mode = "threading-pool" };
    private static readonly ServerVariant ActorServerWithTimeout = ActorServer with { Label = "ActorServer (threading, handler Timeout = 30 s)", Mode = "threading-timeout" };
    private static readonly ServerVariant ActorServerFlow = ActorServer with { Label = "ActorServer FlowRequestHandler (threading)", Mode = "threading-flow" };
    private static readonly ServerVariant ActorServerCluster = ActorServer with { Label = "ActorServer (cluster: 1 front + 2 workers)", Mode = ClusterFigures.Mode };
    private static readonly ServerVariant[] StreamServersAndFlow = [ActorServer, ActorServerOnPool, ActorServerFlow, Raw, AkkaStreams, Python];
    private static readonly ServerVariant[] StreamServersAndPool = [ActorServer, ActorServerOnPool, Raw, AkkaStreams, Python];

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("connrate", "connect, send a line, read it upper-cased until the server closes (the seed's protocol)",
            Workload.UpperLine, [16], "clients", "conn/s", r => r.PerSecond,
            (server, n, settings, _) => ConnRateLoad.RunAsync(server, n, settings), [.. StreamServersAndPool, ActorServerFlow], Targets.ConnRate, Native: new("connrate")),
        new("pingpong", "persistent connections, 64-byte messages echoed one at a time",
            Workload.Echo, [50, 1000], "connections", "msg/s", r => r.PerSecond,
            (server, n, settings, _) => PingPongLoad.RunAsync(server, n, 64, settings), [.. StreamServersAndPool, ActorServerWithTimeout, ActorServerFlow], Targets.Echo, Native: new("pingpong", 64)),
        new("pipelined", "32-byte messages, 64 in flight per connection",
            Workload.Echo, [8, 64], "connections", "msg/s", r => r.PerSecond,
            (server, n, settings, _) => WindowedEchoLoad.RunAsync(server, n, 32, 64, settings), StreamServersAndFlow, Targets.Echo, Native: new("windowed", 32, 64)),
        new("stream", "64 KiB writes streamed both ways, 4 in flight per connection",
            Workload.Echo, [4], "connections", "MiB/s", r => r.MiBPerSecond,
            (server, n, settings, _) => WindowedEchoLoad.RunAsync(server, n, 64 * 1024, 4, settings), StreamServersAndFlow, Targets.Echo, Native: new("windowed", 64 * 1024, 4)),
        new("udp", "64-byte datagrams echoed, one in flight per client socket",
            Workload.UdpEcho, [16], "client sockets", "dgram/s", r => r.PerSecond,
            (server, n, settings, _) => UdpEchoLoad.RunAsync(server, n, 64, settings),
            [ActorServer with { Label = "ActorServer UdpServer (threading)" },
             ActorServerOnPool with { Label = "ActorServer UdpServer (threading, dispatcher = \"\")" }, Raw with { Label = "raw Socket (UDP)" },
             AkkaStreams with { Label = "Akka.IO Udp" }, Python with { Label = "Python UDPServer" }],
            Targets.Udp, Native: new("udp", 64)),
        new("idle", "connections opened, echoed once, then held idle",
            Workload.Echo, [10_000], "connections", "conn/s", r => r.PerSecond,
            (server, n, _, process) => IdleLoad.RunAsync(server, n, process), StreamServersAndPool, Targets.Idle, Repeatable: false, Native: new("idle", 8)),
        new("forking", "the seed's protocol in forking mode (cold: a child process per request; warm: 8 children started ahead and reused), against threading mode and Python's ForkingTCPServer",
            Workload.UpperLine, [8], "clients", "req/s", r => r.PerSecond,
            (server, n, settings, _) => ConnRateLoad.RunAsync(server, n, settings),
            [ActorServer with { Label = "ActorServer (forking, cold)", Mode = "forking" },
             ActorServer with { Label = "ActorServer (forking, warm pool)", Mode = "forking-warm" }, ActorServer, Raw,
             Python with { Label = "Python ForkingTCPServer", Mode = "forking" }],
            Targets.Forking, Native: new("connrate")),
        new("cluster", "the seed's protocol, each request's handler on a worker node of a 1-front + 2-worker cluster on loopback, against single-node threading",
            Workload.UpperLine, [16], "clients", "req/s", r => r.PerSecond,
            (server, n, settings, _) => ConnRateLoad.RunAsync(server, n, settings), [ActorServer, ActorServerCluster, Raw],
            ClusterFigures.Check, Native: new("connrate"), ShowsLoopback: true),
        new("cluster-pingpong", "persistent connections, 64-byte messages echoed one at a time by handlers on the cluster's workers, against single-node threading",
            Workload.Echo, [50], "connections", "msg/s", r => r.PerSecond,
            (server, n, settings, _) => PingPongLoad.RunAsync(server, n, 64, settings), [ActorServer, ActorServerCluster, Raw],
            ClusterFigures.Check, Native: new("pingpong", 64), ShowsLoopback: true),
    ];

    /// <summary>The idle-CPU rows of ActorServer in an Akka.Hosting app (<c>WithSocketServer</c>): as Akka.Hosting makes
    /// the actor system, and with <c>WithTimerQueueScheduler()</c>, what docs/performance.md asks of such an app.</summary>
    public static IReadOnlyList<ServerVariant> HostedIdle { get; } =
    [
        ActorServer with { Label = "ActorServer in an Akka.Hosting app (WithSocketServer, Akka's default scheduler)", Mode = "hosted" },
        ActorServer with { Label = "ActorServer in an Akka.Hosting app (WithSocketServer + WithTimerQueueScheduler)", Mode = "hosted-timerqueue" },
    ];

    /// <summary>The scenarios measured again in the first seconds after a server starts (issue 13's warm-up targets).</summary>
    public static IReadOnlyList<Scenario> ColdStart { get; } = [.. new[] { "connrate", "pingpong", "udp" }.Select(Find)];

    public static Scenario Find(string name) =>
        All.FirstOrDefault(s => s.Name == name.Trim().ToLowerInvariant())
        ?? throw new ArgumentException($"unknown scenario '{name}': expected {string.Join(", ", All.Select(s => s.Name))} or all");

    /// <summary>Why a server cannot run on this machine, or null when it can.</summary>
    public static string? Unavailable(ServerVariant server) => server switch
    {
        { Kind: Contender.Python } when PythonServer.Executable is null => "skipped: python3 is not on the PATH",
        _ => null,
    };
}
