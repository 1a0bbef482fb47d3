namespace ActorServer.Testing;

/// <summary>How a handler under test ended: what the server's request supervisor would have been told.</summary>
/// <param name="Failure">The handler's failure, with its phase and client address; null when it completed.</param>
/// <param name="IsClientFault">True when the failure was the client's doing (a reset, a silent or slow client, an early
/// close): a real server logs it as a warning and keeps serving whatever its error policy.</param>
/// <param name="Cancelled">True when the handler stopped because its request was cancelled (as at shutdown).</param>
public sealed record HandlerOutcome(HandlerFailedException? Failure, bool IsClientFault, bool Cancelled)
{
    /// <summary>True when Setup, Handle and Finish all completed without an exception.</summary>
    public bool Completed => Failure is null;
}
