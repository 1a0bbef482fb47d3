using System.Diagnostics.Metrics;

namespace ActorServer.Metrics;

/// <summary>The servers of this process that have served and are not closed: what the observable instruments
/// (<c>actorserver.active_connections</c>, <c>actorserver.queued_connections</c>, <c>actorserver.io</c>) report on each collection.</summary>
internal static class ServerRegistry
{
    private static readonly object Gate = new();
    private static readonly HashSet<ServerStats> Servers = [];

    public static void Add(ServerStats stats)
    {
        ServerMeter.EnsureCreated();
        lock (Gate)
            Servers.Add(stats);
    }

    public static void Remove(ServerStats stats)
    {
        lock (Gate)
            Servers.Remove(stats);
    }

    public static IEnumerable<Measurement<long>> Active()
    {
        foreach (var stats in Snapshot())
        {
            if (stats.Tags is { } tags)
                yield return new Measurement<long>(stats.Live, tags.Array);
        }
    }

    public static IEnumerable<Measurement<long>> Queued()
    {
        foreach (var stats in Snapshot())
        {
            if (stats.Tags is { } tags)
                yield return new Measurement<long>(stats.Queued, tags.Array);
        }
    }

    public static IEnumerable<Measurement<long>> Bytes()
    {
        foreach (var stats in Snapshot())
        {
            if (stats.Tags is not { } tags)
                continue;
            var (received, sent) = stats.Bytes();
            yield return new Measurement<long>(received, tags.With("network.io.direction", "receive"));
            yield return new Measurement<long>(sent, tags.With("network.io.direction", "transmit"));
        }
    }

    private static ServerStats[] Snapshot()
    {
        lock (Gate)
            return [.. Servers];
    }
}
