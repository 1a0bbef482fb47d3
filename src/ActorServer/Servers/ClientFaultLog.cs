using System.Diagnostics;
using Akka.Event;

namespace ActorServer;

/// <summary>
/// A server's warnings about its clients' faults (resets, oversized datagrams, undeliverable replies), rate-limited per
/// kind, as the kernel limits its own: the first <see cref="Budget"/> of a kind in each <see cref="Window"/> are logged,
/// the rest only counted, and the count is logged once the window has passed (at the next fault of that kind, or when
/// the server stops). A client that floods the server with faults cannot flood its log; no fault goes uncounted.
/// </summary>
internal sealed class ClientFaultLog(ILoggingAdapter log, TimeProvider clock)
{
    /// <summary>Warnings of one kind logged per window.</summary>
    public const int Budget = 10;

    /// <summary>How long a window lasts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly object _gate = new();
    private readonly Dictionary<string, Tally> _byKind = [];

    public ClientFaultLog(ILoggingAdapter log) : this(log, TimeProvider.System)
    {
    }

    /// <summary>Logs a warning of <paramref name="kind"/> unless that kind has used its budget in this window.</summary>
    /// <param name="kind">What the fault is, in a few words (<c>client reset</c>); it names the kind in the summary.</param>
    public void Warning(string kind, string format, params object?[] args)
    {
        bool logged;
        lock (_gate)
        {
            if (!_byKind.TryGetValue(kind, out var tally) || clock.GetElapsedTime(tally.Since) >= Window)
            {
                if (tally is { Suppressed: > 0 })
                    Summarize(kind, tally);
                tally = new Tally(clock.GetTimestamp());
                _byKind[kind] = tally;
            }
            logged = ++tally.Seen <= Budget;
            if (!logged)
                tally.Suppressed++;
        }
        if (logged)
            log.Warning(format, args);
    }

    /// <summary>Logs the counts not logged yet: as the server stops, so that none is lost.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            foreach (var (kind, tally) in _byKind)
            {
                if (tally.Suppressed > 0)
                    Summarize(kind, tally);
            }
            _byKind.Clear();
        }
    }

    private void Summarize(string kind, Tally tally) =>
        log.Warning("{0} more warnings of kind \"{1}\" were not logged in {2:0.#} s (client faults are rate-limited to {3} per {4:0} s per kind)",
            tally.Suppressed, kind, Math.Min(clock.GetElapsedTime(tally.Since).TotalSeconds, Window.TotalSeconds), Budget, Window.TotalSeconds);

    private sealed class Tally(long since)
    {
        public long Since { get; } = since;

        public int Seen { get; set; }

        public int Suppressed { get; set; }
    }
}
