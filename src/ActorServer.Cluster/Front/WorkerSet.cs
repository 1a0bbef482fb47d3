using System.Collections.Immutable;
using Akka.Actor;

namespace ActorServer.Cluster.Front;

/// <summary>
/// The worker nodes a front node can reach now, as its <see cref="WorkerTracker"/> sees them in the cluster's membership
/// and reachability events: read by requests on any thread, written by the tracker alone. Each reachable worker has a
/// token that fires when it is lost (unreachable, exiting, downed, removed), so that a request on it ends at once.
/// </summary>
internal sealed class WorkerSet
{
    private ImmutableDictionary<Address, CancellationTokenSource> _reachable = ImmutableDictionary<Address, CancellationTokenSource>.Empty;

    /// <summary>Called by the tracker when the first worker becomes reachable (true) or the last is lost (false).</summary>
    public event Action<bool>? AvailabilityChanged;

    public bool Any => !Volatile.Read(ref _reachable).IsEmpty;

    public IReadOnlyCollection<Address> Reachable => Volatile.Read(ref _reachable).Keys.ToArray();

    /// <summary>Fires when <paramref name="worker"/> is lost; already fired for a worker not reachable now.</summary>
    public CancellationToken LossOf(Address worker) =>
        Volatile.Read(ref _reachable).TryGetValue(worker, out var loss) ? loss.Token : new CancellationToken(canceled: true);

    /// <summary>On the tracker: <paramref name="worker"/> is up and reachable.</summary>
    public void Up(Address worker)
    {
        var before = _reachable;
        if (before.ContainsKey(worker))
            return;
        Volatile.Write(ref _reachable, before.Add(worker, new CancellationTokenSource()));
        if (before.IsEmpty)
            AvailabilityChanged?.Invoke(true);
    }

    /// <summary>On the tracker: <paramref name="worker"/> is lost; the requests on it end.</summary>
    public void Lost(Address worker)
    {
        var before = _reachable;
        if (!before.TryGetValue(worker, out var loss))
            return;
        var after = before.Remove(worker);
        Volatile.Write(ref _reachable, after);
        loss.Cancel();
        loss.Dispose();
        if (after.IsEmpty)
            AvailabilityChanged?.Invoke(false);
    }

    /// <summary>On the tracker's stop: every request still on a worker ends.</summary>
    public void LoseAll()
    {
        foreach (var worker in _reachable.Keys)
            Lost(worker);
    }
}
