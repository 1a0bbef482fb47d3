using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Report;

/// <summary>One of the issue's targets checked against a run: met, missed, or not measurable (null).</summary>
/// <param name="Figure">A figure the issue asks for without a threshold: printed as one, never as met or missed.</param>
internal sealed record TargetCheck(bool? Met, string Text, bool Figure = false)
{
    public override string ToString() => $"{(Figure ? "figure" : Met switch { true => "met", false => "MISSED", null => "n/a" })}: {Text}";
}

/// <summary>
/// The targets of issues 6 and 13 (13's where it is stricter), as functions of a scenario's rows (the throughput figure
/// is the scenario's own unit).
/// </summary>
internal static class Targets
{
    public delegate IEnumerable<TargetCheck> Check(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput);

    public static IEnumerable<TargetCheck> ConnRate(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput)
    {
        yield return AtLeast(rows, throughput, Contender.Raw, 1.0);
        yield return AtLeast(rows, throughput, Contender.AkkaStreams, 3);
        yield return AtLeast(rows, throughput, Contender.Python, 3);
        foreach (var check in FlowChecks(rows, throughput))
            yield return check;
    }

    public static IEnumerable<TargetCheck> Echo(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput)
    {
        yield return AtLeast(rows, throughput, Contender.Raw, 1.0);
        yield return AtLeast(rows, throughput, Contender.AkkaStreams, 1.0);
        yield return P99AtMost(rows, 1.3);
        foreach (var check in FlowChecks(rows, throughput))
            yield return check;
    }

    private static IEnumerable<TargetCheck> FlowChecks(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput)
    {
        if (rows.FirstOrDefault(r => r.Server is { Kind: Contender.ActorServer, Mode: "threading-flow" }) is not { } flow)
            yield break;
        yield return FlowAtLeast(flow, Find(rows, Contender.ActorServer), throughput, 0.9);
        yield return FlowAtLeast(flow, Find(rows, Contender.AkkaStreams), throughput, 1.5);
    }

    /// <summary>Issue 15's: the flow handler against ActorServer's plain handler and against <c>Tcp().Bind</c>.</summary>
    private static TargetCheck FlowAtLeast(ResultRow flow, ResultRow? baseline, Func<ResultRow, double?> throughput, double factor)
    {
        var label = baseline?.Server.Label ?? "its baseline";
        if (baseline is null || throughput(flow) is not { } f || throughput(baseline) is not { } b || b <= 0)
            return new TargetCheck(null, $"flow handler ≥ {factor} × {label}: not measured");
        return new TargetCheck(f >= factor * b, $"flow handler {f / b:0.00} × {label} (≥ {factor})");
    }

    public static IEnumerable<TargetCheck> Udp(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput)
    {
        yield return AtLeast(rows, throughput, Contender.Raw, 0.9);
        yield return AtLeast(rows, throughput, Contender.AkkaStreams, 1.0);
    }

    /// <summary>Issue 13's warm-up target: in the first seconds after the start, at least 0.8 × raw's first seconds.</summary>
    public static IEnumerable<TargetCheck> FirstSeconds(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput)
    {
        yield return AtLeast(rows, throughput, Contender.Raw, 0.8);
    }

    public static IEnumerable<TargetCheck> Idle(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput)
    {
        var actor = Find(rows, Contender.ActorServer);
        var perConnection = actor?.Result?.BytesPerConnection;
        yield return perConnection is { } bytes
            ? new TargetCheck(bytes <= 10 * 1024, $"ActorServer {bytes / 1024:0.0} KiB per idle connection (≤ 10 KiB)")
            : new TargetCheck(null, "memory per idle connection not measured");
        var accept = actor?.Result?.AcceptTime;
        var rawAccept = Find(rows, Contender.Raw)?.Result?.AcceptTime;
        yield return (accept, rawAccept) is ({ } time, { } raw) && actor!.Result!.Errors == 0
            ? new TargetCheck(time <= raw * 1.2, $"ActorServer accepted all in {time.TotalSeconds:0.00} s = {time / raw:0.00} × raw's {raw.TotalSeconds:0.00} s (≤ 1.2 ×)")
            : new TargetCheck(accept is null || rawAccept is null ? null : false,
                $"ActorServer accept time {(accept is null || rawAccept is null ? "not measured against raw" : $"{accept.Value.TotalSeconds:0.00} s with {actor!.Result!.Errors} errors")}");
    }

    public static IEnumerable<TargetCheck> Forking(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput)
    {
        var forking = rows.FirstOrDefault(r => r.Server is { Kind: Contender.ActorServer, Mode: "forking-warm" });
        var threading = rows.FirstOrDefault(r => r.Server is { Kind: Contender.ActorServer, Mode: "threading" });
        if (forking?.Result?.Percentile(50) is not { } f || threading?.Result?.Percentile(50) is not { } t)
        {
            yield return new TargetCheck(null, "warm-pool forking p50 within 3 × threading-mode p50: not measured");
            yield break;
        }
        yield return new TargetCheck(f <= t * 3, $"warm-pool forking p50 {f.TotalMilliseconds:0.00} ms = {f / t:0.0} × threading {t.TotalMilliseconds:0.00} ms (≤ 3 ×)");
    }

    private static ResultRow? Find(IReadOnlyList<ResultRow> rows, Contender kind) =>
        rows.FirstOrDefault(r => r.Server.Kind == kind && r.Server.Mode == "threading") ?? rows.FirstOrDefault(r => r.Server.Kind == kind);

    private static TargetCheck AtLeast(IReadOnlyList<ResultRow> rows, Func<ResultRow, double?> throughput, Contender other, double factor)
    {
        var actor = Find(rows, Contender.ActorServer);
        var baseline = Find(rows, other);
        var label = baseline?.Server.Label ?? ServerVariant.NameOf(other);
        if (actor is null || baseline is null || throughput(actor) is not { } a || throughput(baseline) is not { } b || b <= 0)
            return new TargetCheck(null, $"ActorServer ≥ {factor} × {label}: not measured");
        var pool = rows.FirstOrDefault(r => r.Server is { Kind: Contender.ActorServer, Mode: "threading-pool" });
        var onPool = pool is not null && throughput(pool) is { } p ? $"; with dispatcher = \"\" {p / b:0.00} ×" : "";
        return new TargetCheck(a >= factor * b, $"ActorServer {a / b:0.00} × {label} (≥ {factor}){onPool}");
    }

    private static TargetCheck P99AtMost(IReadOnlyList<ResultRow> rows, double factor)
    {
        var actor = Find(rows, Contender.ActorServer)?.Result?.Percentile(99);
        var raw = Find(rows, Contender.Raw)?.Result?.Percentile(99);
        if (actor is null || raw is null || raw.Value <= TimeSpan.Zero)
            return new TargetCheck(null, $"ActorServer p99 ≤ {factor} × raw: not measured");
        var ratio = actor.Value / raw.Value;
        return new TargetCheck(ratio <= factor, $"ActorServer p99 {ratio:0.00} × raw (≤ {factor})");
    }
}
