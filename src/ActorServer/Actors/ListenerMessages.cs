using Akka.Actor;

namespace ActorServer.Actors;

// The listener's messages to itself: an accept's completion, and its timers.

/// <summary>The accept loop of <paramref name="Generation"/> handed <paramref name="Count"/> more requests to the request
/// supervisor; <paramref name="Last"/> when it has used every admission it was started with and ended.</summary>
internal sealed record Accepted(int Count, bool Last, int Generation) : INoSerializationVerificationNeeded;

/// <summary>An accept failed.</summary>
internal sealed record AcceptFailed(Exception Cause) : INoSerializationVerificationNeeded;

internal sealed record BackoffElapsed
{
    public static readonly BackoffElapsed Instance = new();
}

internal sealed record RetryAccept
{
    public static readonly RetryAccept Instance = new();
}

internal sealed record ServiceActionsTick
{
    public static readonly ServiceActionsTick Instance = new();
}

internal sealed record HandleRequestTimedOut
{
    public static readonly HandleRequestTimedOut Instance = new();
}
