using System.Net;
using ActorServer.Benchmarks.Load;
using ActorServer.Benchmarks.Load.Native;
using ActorServer.Benchmarks.Report;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Scenarios;

/// <summary>Runs a scenario's load against one server: its address, the connection count, the clock, the server's process.</summary>
internal delegate Task<LoadResult> ScenarioDriver(IPEndPoint server, int connections, LoadSettings settings, ServerProcess process);

/// <summary>
/// One measured situation: the work every server does, the load that drives it, the servers compared, how the
/// throughput figure is read (<paramref name="Unit"/>), the targets for it, and how the outside client runs it.
/// </summary>
/// <param name="ShowsLoopback">Notes each row's loopback bytes per operation (the cluster scenarios: what the hop adds).</param>
internal sealed record Scenario(
    string Name,
    string Description,
    Workload Workload,
    int[] Connections,
    string ConnectionsName,
    string Unit,
    Func<LoadResult, double> Throughput,
    ScenarioDriver Drive,
    IReadOnlyList<ServerVariant> Servers,
    Targets.Check Targets,
    bool Repeatable = true,
    NativeLoad? Native = null,
    bool ShowsLoopback = false)
{
    /// <summary>The serving mode the scenario is about (its ActorServer row's mode).</summary>
    public string Mode => Servers.FirstOrDefault(s => s.Kind == Contender.ActorServer)?.Mode ?? "threading";
}
