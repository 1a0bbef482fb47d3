using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>How one request ended; sent by the pipeline to its connection actor.</summary>
internal sealed record RequestOutcome(HandlerFailedException? Failure, bool Cancelled) : INoSerializationVerificationNeeded
{
    public static readonly RequestOutcome Completed = new(null, false);

    /// <summary>A failure; marked cancelled when the request was aborted and the handler stopped because of it.</summary>
    public static RequestOutcome Failed(HandlerFailedException failure, CancellationToken requestAborted) =>
        new(failure, requestAborted.IsCancellationRequested && failure.InnerException is OperationCanceledException);
}
