using System.Globalization;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Report;

/// <summary>
/// Issue 17's figures: a 1-front + 2-worker cluster on loopback against single-node threading in the same run, and what
/// the remote hop costs per operation (the cluster's three processes' CPU, allocation and loopback bytes, less the single
/// node's). No threshold: on one 2-core machine the three nodes and the load client share the cores, which is the
/// point of measuring the hop's cost rather than guessing it (docs/cluster.md projects from it to many machines).
/// </summary>
internal static class ClusterFigures
{
    public const string Mode = "cluster";

    public static IEnumerable<TargetCheck> Check(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput)
    {
        var cluster = rows.FirstOrDefault(r => r.Server is { Kind: Contender.ActorServer, Mode: Mode });
        var single = rows.FirstOrDefault(r => r.Server is { Kind: Contender.ActorServer, Mode: "threading" });
        if (cluster is null || single is null || throughput(cluster) is not { } c || throughput(single) is not { } s || s <= 0)
        {
            yield return new TargetCheck(null, "cluster against single-node threading: not measured", Figure: true);
            yield break;
        }
        yield return new TargetCheck(null, $"cluster (1 front + 2 workers) {c / s:0.00} × single-node threading", Figure: true);
        var cpu = cluster.CpuPerOperation - single.CpuPerOperation;
        var allocated = cluster.AllocatedPerOperation - single.AllocatedPerOperation;
        var loopback = cluster.LoopbackBytesPerOperation - single.LoopbackBytesPerOperation;
        yield return new TargetCheck(null, "the remote hop per operation: " +
            $"{(cpu is { } t ? $"+{t.TotalMicroseconds.ToString("0.0", CultureInfo.InvariantCulture)} µs CPU" : "CPU not measured")}, " +
            $"{(allocated is { } a ? $"+{ResultTable.Bytes(a)} allocated" : "allocation not measured")}, " +
            $"{(loopback is { } l ? $"+{ResultTable.Bytes(l)} over loopback (headers included)" : "loopback not measured")} (all nodes together)", Figure: true);
        if (cluster is { CpuPerOperation: { } all, FrontCpuPerOperation: { } front })
            yield return new TargetCheck(null, $"cluster CPU per operation: front node {ResultTable.Latency(front)}, the two workers {ResultTable.Latency(all - front)} " +
                                               $"(single node {ResultTable.Latency(single.CpuPerOperation)})", Figure: true);
    }
}
