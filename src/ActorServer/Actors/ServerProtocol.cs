using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>One use of a server (a <c>ServeForeverAsync</c> or a <c>HandleRequestAsync</c>), completed by the listener.</summary>
internal sealed class ServingRun(bool singleRequest, TimeSpan? timeout)
{
    public bool SingleRequest { get; } = singleRequest;

    /// <summary>How long a single-request run waits for a request; null waits forever.</summary>
    public TimeSpan? Timeout { get; } = timeout;

    /// <summary>True when the run served a request; false when a single-request run timed out.</summary>
    public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Commands to a server's listener; the guardian forwards them.</summary>
internal interface IListenerCommand : INoSerializationVerificationNeeded;

/// <summary>Serve until stopped (<c>serve_forever</c>) or serve one request (<c>handle_request</c>).</summary>
internal sealed record StartServing(ServingRun Run) : IListenerCommand;

/// <summary>
/// Stop accepting, drain the requests in flight, complete the run. Replies <see cref="AcceptingStopped"/> as soon as
/// no accept is pending (so the listening socket may be closed); the run's completion tells when the drain ended.
/// </summary>
internal sealed record StopServing(Exception? Cause) : IListenerCommand;

internal sealed record AcceptingStopped : INoSerializationVerificationNeeded
{
    public static readonly AcceptingStopped Instance = new();
}

/// <summary>The listener hands an accepted request to the request supervisor.</summary>
internal sealed record StartRequest(AcceptedRequest Request) : INoSerializationVerificationNeeded;

/// <summary>The supervisor tells the listener a request has ended, whichever way.</summary>
internal sealed record RequestFinished : INoSerializationVerificationNeeded
{
    public static readonly RequestFinished Instance = new();
}

/// <summary>Wait for every request in flight, cancelling them after <paramref name="Timeout"/>. Replies <see cref="Drained"/>.</summary>
internal sealed record Drain(TimeSpan Timeout) : INoSerializationVerificationNeeded;

internal sealed record Drained : INoSerializationVerificationNeeded
{
    public static readonly Drained Instance = new();
}

/// <summary>Abandon the request: its token fires and its socket closes.</summary>
internal sealed record CancelRequest : INoSerializationVerificationNeeded
{
    public static readonly CancelRequest Instance = new();
}

/// <summary>
/// A handler failed under <see cref="HandlerErrorPolicy.RestartListener"/>: the request supervisor asks the listener to
/// have itself restarted, with back-off.
/// </summary>
internal sealed record RestartListener(HandlerFailedException Cause) : INoSerializationVerificationNeeded;

/// <summary>A restarted listener asks how many requests are in flight (its <paramref name="Asked"/>th question); the
/// request supervisor replies <see cref="RequestCount"/>.</summary>
internal sealed record CountRequests(int Asked) : INoSerializationVerificationNeeded;

/// <summary>The requests in flight when <see cref="CountRequests"/> number <paramref name="Asked"/> arrived; every
/// <see cref="RequestFinished"/> sent before this reply is already counted out of it.</summary>
internal sealed record RequestCount(int Active, int Asked) : INoSerializationVerificationNeeded;

/// <summary>Fault injection: the actor that gets it (the listener, through the guardian, or the request supervisor)
/// throws <paramref name="Cause"/> whatever its state, as an unexpected bug would.</summary>
internal sealed record InjectFault(Exception Cause) : IListenerCommand;
