using System.Diagnostics.Metrics;

namespace ActorServer.Metrics;

/// <summary>
/// The <c>ActorServer</c> meter and its instruments, named and shaped after OpenTelemetry's Kestrel conventions
/// (<c>kestrel.active_connections</c>, <c>kestrel.connection.duration</c>, …): every measurement carries the server's
/// <c>network.transport</c>, <c>network.type</c>, <c>server.address</c> and <c>server.port</c>
/// (<see cref="ServerTags"/>). Watch them with <c>dotnet-counters monitor --counters ActorServer</c>, or subscribe with
/// OpenTelemetry's <c>AddMeter("ActorServer")</c>. With no listener an instrument's <c>Add</c> returns at once.
/// </summary>
internal static class ServerMeter
{
    public const string Name = "ActorServer";

    /// <summary>Kestrel's boundaries for <c>kestrel.connection.duration</c>, in seconds.</summary>
    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

    public static readonly Meter Meter = new(Name, typeof(ServerMeter).Assembly.GetName().Version?.ToString());

    public static readonly Counter<long> RejectedConnections = Meter.CreateCounter<long>(
        "actorserver.rejected_connections", "{connection}", "Requests closed unserved by VerifyRequest or the peer-credential check.");

    public static readonly Histogram<double> ConnectionDuration = Meter.CreateHistogram(
        "actorserver.connection.duration", "s", "How long requests lasted, from accept to close.",
        tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    public static readonly Counter<long> HandlerFailures = Meter.CreateCounter<long>(
        "actorserver.handler_failures", "{failure}", "Requests whose handler failed, by on-handler-error policy and error type.");

    static ServerMeter()
    {
        // Observed rather than counted up and down, so a tool that attaches to a running server (dotnet-counters) reads
        // the true number at once, not the changes since it attached.
        Meter.CreateObservableUpDownCounter("actorserver.active_connections", ServerRegistry.Active, "{connection}",
            "Requests in flight (connections, or datagrams being served).");
        Meter.CreateObservableUpDownCounter("actorserver.queued_connections", ServerRegistry.Queued, "{connection}",
            "Requests waiting at max-connections: accepted and held, or in the kernel's listen backlog (TCP on Linux).");
        Meter.CreateObservableCounter("actorserver.io", ServerRegistry.Bytes, "By",
            "Bytes moved to and from clients, by network.io.direction (receive, transmit), as OpenTelemetry's system.network.io.");
    }

    /// <summary>Makes sure the observable instruments exist (the static constructor has run) before a server serves.</summary>
    public static void EnsureCreated()
    {
    }
}
