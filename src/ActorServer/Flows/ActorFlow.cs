using Akka;
using Akka.Actor;
using Akka.Streams.Dsl;

namespace ActorServer;

/// <summary>Reaching actors from a flow handler's flow, with back-pressure: a flow waits for the actor's answers.</summary>
public static class ActorFlow
{
    /// <summary>Asks <paramref name="actor"/> with each element and emits its answers in order (<c>SelectAsync</c> with
    /// <c>Ask</c>): at most <paramref name="parallelism"/> questions wait at once, so a slow actor slows the flow (and
    /// so the socket reads) instead of filling its mailbox. An answer that is a <see cref="Status.Failure"/>, is not a
    /// <typeparamref name="TOut"/>, or does not come within <paramref name="timeout"/> fails the flow.</summary>
    /// <remarks>In forking mode the flow runs in a child process, where the server's actors are out of reach: the actor
    /// must then be one the child can reach (a remote or cluster actor).</remarks>
    public static Flow<TIn, TOut, NotUsed> Ask<TIn, TOut>(ICanTell actor, TimeSpan timeout, int parallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        return Flow.Create<TIn>().SelectAsync(parallelism, element => actor.Ask<TOut>(element, timeout));
    }
}
