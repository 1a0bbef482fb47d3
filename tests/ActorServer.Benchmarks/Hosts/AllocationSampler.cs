using System.Diagnostics.Tracing;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// A profiling aid for the server processes: with <c>BENCH_ALLOC_SAMPLER=FILE</c> set, it listens to the runtime's
/// allocation ticks (one event per ~100 KB allocated, naming the type that crossed the mark) and, when the server
/// stops, writes the types that took the most to FILE. Statistically, that is where a server's allocations go.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytesByType = [];
    private readonly string? _path;

    private AllocationSampler(string path) => _path = path;

    public static AllocationSampler? FromEnvironment() =>
        Environment.GetEnvironmentVariable("BENCH_ALLOC_SAMPLER") is { Length: > 0 } path ? new AllocationSampler(path) : null;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (e.EventName != "GCAllocationTick_V4" || e.Payload is null || _path is null)
            return;
        var type = e.Payload[e.PayloadNames!.IndexOf("TypeName")] as string ?? "?";
        var amount = Convert.ToInt64(e.Payload[e.PayloadNames.IndexOf("AllocationAmount64")]);
        lock (_bytesByType)
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
    }

    public override void Dispose()
    {
        base.Dispose();
        if (_path is null)
            return;
        lock (_bytesByType)
        {
            var total = Math.Max(1, _bytesByType.Values.Sum());
            File.WriteAllLines(_path, _bytesByType.OrderByDescending(kv => kv.Value).Take(40)
                .Select(kv => $"{100.0 * kv.Value / total,6:0.0}% {kv.Value / 1024,10:N0} KiB  {kv.Key}"));
        }
    }
}
