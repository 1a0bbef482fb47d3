using ActorServer.Actors;
using Akka.Actor;
using Akka.Dispatch;

namespace ActorServer.Modes;

/// <summary>
/// Runs threading mode's handlers on a shared dispatcher (the default handler-dispatcher's dedicated threads) without
/// an actor per request: a request then costs one actor, not two. One anchor actor per dispatcher keeps it attached,
/// so Akka does not shut its executor down while the server serves. A dispatcher of any other type (a pinned one
/// gives each actor a thread of its own) gets no shared scheduler: each request keeps its <see cref="HandlerHost"/>.
/// </summary>
internal sealed class SharedHandlerSchedulers(IActorContext context)
{
    private readonly Dictionary<string, (TaskScheduler? Scheduler, IActorRef? Anchor)> _byDispatcher = [];

    /// <summary>The scheduler every request on <paramref name="dispatcherId"/> shares, or null when each needs its own actor.</summary>
    public TaskScheduler? For(string dispatcherId)
    {
        if (_byDispatcher.TryGetValue(dispatcherId, out var known))
            return known.Scheduler;
        var dispatcher = context.System.Dispatchers.Lookup(dispatcherId);
        if (dispatcher.GetType() != typeof(Dispatcher))
        {
            _byDispatcher[dispatcherId] = (null, null);
            return null;
        }
        var anchor = context.ActorOf(
            DelegateProducer<Anchor>.Props(() => new Anchor()).WithDispatcher(dispatcherId), $"handler-dispatcher-{_byDispatcher.Count + 1}");
        var scheduler = new DispatcherTaskScheduler(dispatcher);
        _byDispatcher[dispatcherId] = (scheduler, anchor);
        return scheduler;
    }

    /// <summary>True for this class's own anchors, which are not requests.</summary>
    public bool IsAnchor(IActorRef child)
    {
        // Asked at every request's end: a loop, not a LINQ query and its closure.
        foreach (var (_, anchor) in _byDispatcher.Values)
        {
            if (child.Equals(anchor))
                return true;
        }
        return false;
    }

    /// <summary>Holds the dispatcher; it does nothing else.</summary>
    private sealed class Anchor : UntypedActor
    {
        protected override void OnReceive(object message) => Unhandled(message);
    }
}
