namespace ActorServer.Actors;

/// <summary>
/// Thrown by the listener so that its guardian restarts it, when a handler failed under
/// <see cref="HandlerErrorPolicy.RestartListener"/>. The failure itself was logged where it happened.
/// </summary>
internal sealed class ListenerRestartException(HandlerFailedException cause)
    : Exception($"on-handler-error = restart-listener: {cause.Message}", cause);
