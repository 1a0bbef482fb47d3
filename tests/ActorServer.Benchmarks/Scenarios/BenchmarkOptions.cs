using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Scenarios;

/// <summary>
/// What to run: the scenarios, how long, how many connections, which servers, how many rounds, with which load
/// client, which of ActorServer's variant rows too (by mode; null: all of them), and the first-seconds and idle-CPU
/// measurements (null: not run).
/// </summary>
internal sealed record BenchmarkOptions(
    IReadOnlyList<Scenario> Scenarios, TimeSpan Measured, TimeSpan MinWarmup, TimeSpan MaxWarmup, int? Connections,
    IReadOnlySet<Contender> Servers, int Rounds, LoadClientKind Client = LoadClientKind.Native, IReadOnlySet<string>? Variants = null,
    TimeSpan? FirstSeconds = null, TimeSpan? IdleCpu = null);

/// <summary>The outside C client (the default), or the in-process .NET one, which shares the cores and competes with the server.</summary>
internal enum LoadClientKind
{
    Native,
    DotNet,
}

/// <summary>How a measurement begins: a server just started (full warm-up), one measured before (least warm-up), or cold (none).</summary>
internal enum Warmth
{
    Fresh,
    Warm,
    Cold,
}
