using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>
/// The request supervisor's strategy: Python's <c>handle_error</c> as its decider (<see cref="HandlerFailures"/>), and
/// the end of every child, told to <paramref name="childEnded"/>. Akka tells a parent's strategy of each child's end
/// whether it watches the child or not, so requests are counted without death watch: no Watch, no Terminated message
/// and no watch sets per request, which cost more than the rest of a datagram's way to its handler.
/// </summary>
internal sealed class RequestStrategy(Func<Exception, Directive> decider, Action<IActorRef> childEnded)
    : OneForOneStrategy(decider, loggingEnabled: false)
{
    /// <summary>A shard fails only by a request's failure escalated through it (<c>on-handler-error = escalate</c>),
    /// already decided and logged there: it goes on up as it is.</summary>
    protected override Directive Handle(IActorRef child, Exception exception) =>
        RequestShards.IsShard(child) ? Directive.Escalate : base.Handle(child, exception);

    /// <summary>Runs on the supervisor's own thread, in Akka's handling of the child's termination.</summary>
    public override void HandleChildTerminated(IActorContext actorContext, IActorRef child, IEnumerable<IInternalActorRef> children) =>
        childEnded(child);
}
