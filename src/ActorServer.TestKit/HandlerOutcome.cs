using ActorServer.Actors;

namespace ActorServer.Testing;

/// <summary>How a handler under test ended: what the server's request supervisor would have been told.</summary>
/// <param name="Failure">The handler's failure, with its phase and client address; null when it completed.</param>
/// <param name="IsClientFault">True when the failure was the client's doing (a reset, a silent or slow client, an early
/// close, a datagram client that cannot be answered): a real server logs it as a warning and keeps serving whatever its
/// error policy.</param>
/// <param name="Cancelled">True when the handler stopped because its request was cancelled (as at shutdown).</param>
public sealed record HandlerOutcome(HandlerFailedException? Failure, bool IsClientFault, bool Cancelled)
{
    /// <summary>True when Setup, Handle and Finish all completed without an exception.</summary>
    public bool Completed => Failure is null;

    /// <summary>What the pipeline reported, classified as the request supervisor classifies it.</summary>
    internal static HandlerOutcome From(RequestOutcome outcome) =>
        new(outcome.Failure, ClientFault.Is(outcome.Failure?.InnerException), outcome.Cancelled);

    /// <summary>One sentence for a failure message: how the handler ended, with its phase and whole exception.</summary>
    internal string Describe() => Failure switch
    {
        null => "The handler completed.",
        { InnerException: { } cause } failure => $"The handler failed in {failure.Phase}{(Cancelled ? " (its request was cancelled)" : string.Empty)}: {cause}",
        var failure => $"The handler failed in {failure.Phase}: {failure.Message}",
    };
}
