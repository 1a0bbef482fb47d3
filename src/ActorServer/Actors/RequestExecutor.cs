using Akka.Actor;
using Akka.Configuration;

namespace ActorServer.Actors;

/// <summary>
/// The executor of <c>actor-server.request-dispatcher</c>, the dispatcher of request supervisors and of the request
/// actors whose handler runs on the actor itself (threading mode's datagrams with an asynchronous handler): the .NET
/// thread pool, as Akka's default dispatcher, except inside <see cref="InlineExecutor{TSelf}.RunInline{TState}"/>. There the one actor a call wakes
/// runs at once on the caller's thread instead of as a thread-pool item of its own: the receive loop's datagram runs
/// the supervisor's turn on the receive loop's thread, and the supervisor's new request actor runs its first turn (its
/// Create, which runs the handler) inside the supervisor's.
/// </summary>
/// <remarks>
/// <para>A datagram's whole request is usually that one turn: the handler's send completes at once, its outcome and
/// the actor's stop are handled in the same run of its mailbox, and its end reaches the supervisor as a system message
/// the supervisor's run takes next. On the pool, each of the two hops cost a work item and a thread's wake-up per
/// datagram, more than all the rest of a datagram's way (docs/performance.md): now the datagram is served on the
/// thread that received it, as a plain socket loop serves it.</para>
/// <para>Whatever an actor is woken by later (an outcome after an await, a timeout, a cancellation, a child's end told
/// while the supervisor is idle) goes to the pool, as does any actor woken while one runs inline. The mailbox still runs
/// one actor on one thread at a time: Akka schedules a mailbox only when it is idle, so an inline run never overlaps a
/// pooled one.</para>
/// <para>What this asks of the handler is what <see cref="HandlerSurface"/> already takes from its asynchronous
/// surface: it does not block. Its synchronous part (up to its first await that waits) runs before the receive loop
/// takes the next datagram, so work that takes long without awaiting belongs on a handler dispatcher (<c>dispatcher</c>).</para>
/// </remarks>
internal sealed class RequestExecutor(string id) : InlineExecutor<RequestExecutor>(id, preferLocal: true)
{
    /// <summary>The dispatcher's configuration path; request supervisors and request actors get it where the system defines it.</summary>
    public const string DispatcherId = "actor-server.request-dispatcher";

    /// <summary><paramref name="props"/> on this dispatcher where <paramref name="config"/> (the system's) defines it: a
    /// system made without ActorServer's defaults lacks it, and its actors stay on Akka's default.</summary>
    public static Props OnItsDispatcher(Props props, Config config) =>
        config.HasPath(DispatcherId + ".executor") ? props.WithDispatcher(DispatcherId) : props;
}
