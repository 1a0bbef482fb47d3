using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

// The drain: its waiters, its timers, and the requests it cancels and stops when its timeout passes.
internal sealed partial class RequestSupervisor
{
    /// <summary>How long a handler stuck in blocking work may ignore its cancellation before its actor is stopped.</summary>
    private static readonly TimeSpan ForceStopGrace = TimeSpan.FromSeconds(1);

    private void BeginDrain(TimeSpan timeout)
    {
        _drainWaiters.Add(Sender);
        if (ReplyIfDrained() || Timers.IsTimerActive("drain") || Timers.IsTimerActive("force"))
            return;
        _log.Info("Waiting up to {0} for {1} request(s) in flight to finish", timeout, _admissions.Active);
        Timers.StartSingleTimer("drain", DrainTimedOut.Instance, timeout);
    }

    private bool ReplyIfDrained()
    {
        if (_admissions.Active > 0 || _drainWaiters.Count == 0)
            return false;
        Timers.Cancel("drain");
        Timers.Cancel("force");
        foreach (var waiter in _drainWaiters)
            waiter.Tell(Drained.Instance);
        _drainWaiters.Clear();
        return true;
    }

    /// <summary>Every request in flight: this actor's own children (not the anchors, not the shards) and those in its
    /// shards, listed before the caller tells or stops them.</summary>
    private List<IActorRef> Requests() =>
        Context.GetChildren().Where(child => !_handlerSchedulers.IsAnchor(child) && !RequestShards.IsShard(child)).Concat(_shards.Requests()).ToList();
}
