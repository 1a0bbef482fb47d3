using ActorServer.Benchmarks.Load;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Report;

/// <summary>One server's line in a scenario's table: its load result and what the server process cost.</summary>
internal sealed record ResultRow(ServerVariant Server, LoadResult? Result, string? Missing = null)
{
    /// <summary>Server CPU time (user + system) per operation in the measured window.</summary>
    public TimeSpan? CpuPerOperation { get; init; }

    /// <summary>Bytes the server allocated per operation in the measured window (.NET servers).</summary>
    public double? AllocatedPerOperation { get; init; }

    /// <summary>Thread-pool work items the server ran per operation: how often its work hopped between threads.</summary>
    public double? WorkItemsPerOperation { get; init; }

    /// <summary>Methods the server's JIT compiled during the measured window (should be near 0 once warm).</summary>
    public long? Jitted { get; init; }

    /// <summary>Time the server's threads spent in the JIT during the measured window (the cost of <see cref="Jitted"/>).</summary>
    public TimeSpan? JitTime { get; init; }

    /// <summary>Time the server's garbage collector paused it during the measured window.</summary>
    public TimeSpan? GcPause { get; init; }

    /// <summary>How long the warm-up before the measured window lasted.</summary>
    public TimeSpan? Warmup { get; init; }

    /// <summary>Bytes sent over loopback per operation in the window, by every process (the load client's included):
    /// only its difference between two servers of a run means something (what a cluster's hops add).</summary>
    public double? LoopbackBytesPerOperation { get; init; }

    /// <summary>CPU time per operation of the server's first process alone: a cluster's front node.</summary>
    public TimeSpan? FrontCpuPerOperation { get; init; }

    /// <summary>The server process's peak resident memory (VmHWM).</summary>
    public long? PeakRss { get; init; }

    public static ResultRow Unavailable(ServerVariant server, string why) => new(server, null, why);
}
