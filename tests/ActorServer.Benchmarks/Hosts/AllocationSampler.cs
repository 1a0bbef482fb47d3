using System.Diagnostics.Tracing;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// A profiling aid for the server processes: with <c>BENCH_ALLOC_SAMPLER=FILE</c> set, it listens to the runtime's
/// allocation ticks (one event per ~100 KB allocated, naming the type that crossed the mark) and, when the server
/// stops, writes the types that took the most to FILE. Statistically, that is where a server's allocations go. At each
/// <see cref="Mark"/> (each <c>stats</c> question, the start and end of a measured window) it also writes those since the
/// last mark to FILE.N, so a window's own allocations are FILE.2 (after FILE.1, up to the window's start).
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytesByType = [];
    private readonly Dictionary<string, long> _sinceMark = [];
    private int _marks;
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
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
            _sinceMark[type] = _sinceMark.GetValueOrDefault(type) + amount;
        }
    }

    /// <summary>Writes the allocations since the last mark to FILE.N and starts counting anew.</summary>
    public void Mark()
    {
        if (_path is null)
            return;
        lock (_bytesByType)
        {
            Write($"{_path}.{++_marks}", _sinceMark);
            _sinceMark.Clear();
        }
    }

    private static void Write(string path, Dictionary<string, long> bytesByType)
    {
        var total = Math.Max(1, bytesByType.Values.Sum());
        File.WriteAllLines(path, bytesByType.OrderByDescending(kv => kv.Value).Take(60)
            .Select(kv => $"{100.0 * kv.Value / total,6:0.0}% {kv.Value / 1024,10:N0} KiB  {kv.Key}"));
    }

    public override void Dispose()
    {
        base.Dispose();
        if (_path is null)
            return;
        lock (_bytesByType)
            Write(_path, _bytesByType);
    }
}
