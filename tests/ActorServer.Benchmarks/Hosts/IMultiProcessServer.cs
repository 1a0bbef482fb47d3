using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>A server under test made of several processes (a cluster's front and workers): the benchmark samples and
/// counts them together, so that a hop to another process is not free because another process paid for it.</summary>
internal interface IMultiProcessServer
{
    IEnumerable<int> OtherPids { get; }

    /// <summary>The other processes' counters, summed.</summary>
    Task<RuntimeCounters> OtherCountersAsync();
}
