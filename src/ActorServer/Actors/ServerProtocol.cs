using System.Diagnostics;
using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>One use of a server (a <c>ServeForeverAsync</c> or a <c>HandleRequestAsync</c>) with the settings frozen for
/// it; completed by its listener.</summary>
internal sealed class ServingRun(RunSettings settings, bool singleRequest, TimeSpan? timeout)
{
    public RunSettings Settings { get; } = settings;

    public bool SingleRequest { get; } = singleRequest;

    /// <summary>How long a single-request run waits for a request; null waits forever.</summary>
    public TimeSpan? Timeout { get; } = timeout;

    /// <summary>When the run started (a <see cref="Stopwatch"/> timestamp): a single-request run's timeout counts from it,
    /// across listener restarts.</summary>
    public long StartedAt { get; } = Stopwatch.GetTimestamp();

    /// <summary>Set by the listener when a single-request run has handed its request over: a listener restarted after
    /// that waits for the request to end rather than accept another.</summary>
    public bool HandedOver { get; private set; }

    public void MarkHandedOver() => HandedOver = true;

    /// <summary>Set by the listener while an operator has it suspended (its socket not listening): a listener restarted
    /// meanwhile stays suspended rather than accept on that socket.</summary>
    public bool Suspended { get; set; }

    /// <summary>True when the run served a request; false when a single-request run timed out.</summary>
    public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>What is left of <see cref="Timeout"/>, or null when the run waits forever.</summary>
    public TimeSpan? TimeoutLeft => Timeout is { } timeout ? Max(timeout - Stopwatch.GetElapsedTime(StartedAt), TimeSpan.Zero) : null;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>Serve until stopped (<c>serve_forever</c>) or serve one request (<c>handle_request</c>). To the guardian.</summary>
internal sealed record StartServing(ServingRun Run) : INoSerializationVerificationNeeded;

/// <summary>
/// Stop accepting, drain the requests in flight, complete the run. To the guardian, which passes it to the listener.
/// Replies <see cref="AcceptingStopped"/> as soon as no accept is pending (so the listening socket may be closed); the
/// run's completion tells when the drain ended.
/// </summary>
internal sealed record StopServing(Exception? Cause) : INoSerializationVerificationNeeded;

internal sealed record AcceptingStopped : INoSerializationVerificationNeeded
{
    public static readonly AcceptingStopped Instance = new();
}

/// <summary>A run begins: the request supervisor serves with these settings until it is drained. From the guardian.</summary>
internal sealed record BeginRun(RunSettings Settings) : INoSerializationVerificationNeeded;

/// <summary>The run's listener has stopped: the request supervisor admits nothing more (requests in flight go on).</summary>
internal sealed record EndRun : INoSerializationVerificationNeeded
{
    public static readonly EndRun Instance = new();
}

/// <summary>The listener holds no admission and wants some; the request supervisor answers <see cref="Admitted"/> once
/// fewer requests than the limit are in flight. Sent as a run starts, or <paramref name="AfterPause"/> as it resumes
/// after a back-off: admissions given before it are void.</summary>
internal sealed record WantAdmission(bool AfterPause) : INoSerializationVerificationNeeded;

/// <summary>The request supervisor's leave to accept <paramref name="Count"/> more requests.</summary>
internal sealed record Admitted(int Count) : INoSerializationVerificationNeeded;

/// <summary>The listener hands an accepted request to the request supervisor, using one of its admissions; with none
/// left it waits (as Ranch's acceptor does) for the <see cref="Admitted"/> that lets it accept the next.</summary>
internal sealed record StartRequest(AcceptedRequest Request) : INoSerializationVerificationNeeded;

/// <summary>The listener's accept failed for want of file descriptors: it hands back its admissions, and the request
/// supervisor (which owns the limits) decides when the next accept may try.</summary>
internal sealed record DescriptorsExhausted(Exception Cause) : INoSerializationVerificationNeeded;

/// <summary>Wait for every request in flight, cancelling them after <paramref name="Timeout"/> (null: no clock, for a
/// synchronous <c>handle_request</c> serving its request to the end). Replies <see cref="Drained"/>.</summary>
internal sealed record Drain(TimeSpan? Timeout) : INoSerializationVerificationNeeded;

internal sealed record Drained : INoSerializationVerificationNeeded
{
    public static readonly Drained Instance = new();
}

/// <summary>Abandon the request: its token fires and its socket closes.</summary>
internal sealed record CancelRequest : INoSerializationVerificationNeeded
{
    public static readonly CancelRequest Instance = new();
}

/// <summary>A handler failed under <see cref="HandlerErrorPolicy.RestartListener"/>: the request supervisor asks the
/// guardian to pause the listener for a back-off.</summary>
internal sealed record RestartListener(HandlerFailedException Cause) : INoSerializationVerificationNeeded;

/// <summary>The guardian tells the listener to stop accepting for <paramref name="Delay"/>, then accept again;
/// <paramref name="Cause"/> says why, for the log.</summary>
internal sealed record PauseAccepting(TimeSpan Delay, int RestartsInARow, string Cause) : INoSerializationVerificationNeeded;

/// <summary>The serving mode can run requests again (<paramref name="Open"/>) or cannot (cluster mode without a reachable
/// worker): the request supervisor admits requests again, or holds the listener back as at its limit.
/// <paramref name="Cause"/> says why, for the log.</summary>
internal sealed record GateAdmissions(bool Open, string Cause) : INoSerializationVerificationNeeded;
