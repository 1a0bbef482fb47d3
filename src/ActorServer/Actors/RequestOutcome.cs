using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>How one request ended; sent by the pipeline to its connection actor.</summary>
/// <param name="HandshakeFailure">Why the request's TLS handshake failed, when it did: the client's fault, logged as one
/// and no handler failure (no handler ran).</param>
internal sealed record RequestOutcome(HandlerFailedException? Failure, bool Cancelled, string? HandshakeFailure = null) : INoSerializationVerificationNeeded
{
    public static readonly RequestOutcome Completed = new(null, false);

    public static RequestOutcome HandshakeFailed(string reason) => new(null, false, reason);

    /// <summary>A failure; marked cancelled when the request was aborted and the handler stopped because of it.</summary>
    public static RequestOutcome Failed(HandlerFailedException failure, CancellationToken requestAborted) =>
        new(failure, requestAborted.IsCancellationRequested && failure.InnerException is OperationCanceledException);
}
