using ActorServer.Modes;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;

namespace ActorServer.Actors;

/// <summary>
/// One request's actor: creates the handler, runs Setup → Handle → Finish off the mailbox, closes the request
/// (<c>shutdown_request</c>) and reports a failure to its supervisor by failing. It bounds the whole request by the
/// server's <c>RequestTimeout</c> (a client that trickles bytes defeats the handler's idle <c>Timeout</c>, not this) and
/// its Finish by <c>FinishTimeout</c>, in every kind and mode: in forking mode the child says when Finish begins, and a
/// request timed out is ended by killing its child.
/// States: handling → (timed out →) closed, switched with Become.
/// </summary>
internal sealed partial class ConnectionActor : ActorBase
{
    /// <summary>How long a handler may ignore its cancelled token and closed socket before its actor stops anyway.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    private readonly RunSettings _run;
    private readonly AcceptedRequest _request;
    private readonly TaskScheduler? _sharedHandlerScheduler;
    private readonly CancellationTokenSource _aborted = new();

    /// <summary>The timeouts scheduled, to cancel at the end. Not IWithTimers: its scheduler and dictionary would be
    /// made for every request, and most requests (no request-timeout, every datagram) schedule nothing.</summary>
    private ICancelable? _requestTimeout, _finishTimeout, _abandon;

    public ConnectionActor(RunSettings run, AcceptedRequest request, TaskScheduler? sharedHandlerScheduler)
    {
        _run = run;
        _request = request;
        _sharedHandlerScheduler = sharedHandlerScheduler;
    }

    /// <param name="sharedHandlerScheduler">In threading mode, the handler dispatcher's scheduler when all requests can
    /// share it; null when each request needs a <see cref="HandlerHost"/> of its own (a pinned dispatcher).</param>
    public static Props Props(RunSettings run, AcceptedRequest request, TaskScheduler? sharedHandlerScheduler = null) =>
        new ConnectionProps(ConnectionProps.Template(requestMailbox: false), run, request, sharedHandlerScheduler);

    protected override void PreStart()
    {
        Opened();
        var settings = _run.Settings;
        if (settings.RequestTimeout is { } limit)
            _requestTimeout = ScheduleTell(new TimedOut("request-timeout", limit), limit);
        var self = Self;
        Action? finishing = settings.FinishTimeout is { } finishLimit
            ? () => self.Tell(new FinishStarted(finishLimit))
            : null;
        var context = new RequestContext(_request.Request, _request.ClientAddress, _run.Server, _request.Channel, _aborted.Token, finishing, FlowMaterializer(), _run.Tls);
        var pipeline = new PipelineRun(_run.Server, _request, context, self);
        _run.Mode.Run(new HandlerLaunch(Context, _run, _request, pipeline, _aborted.Token, finishing, _sharedHandlerScheduler));
    }

    /// <summary>A flow handler's materializer, this actor's own: the flow's stages are its children, so its stop tears the
    /// flow down. Only for flow handlers that run in this process: every other request is spared the actor it costs.</summary>
    private IMaterializer? FlowMaterializer() =>
        _run.Mode.RunsHandlerHere && Flows.FlowMaterializer.IsFlowHandler(_run.Server.HandlerType)
            ? Flows.FlowMaterializer.ForActor(Context, _run.Server.FlowMaterializerSettings)
            : null;

    /// <summary>The handler runs: its outcome ends the request; a timeout cancels it.</summary>
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case RequestOutcome outcome:
                Close(outcome);
                // A failure is its supervisor's to decide (Python's handle_error); a cancellation is not a failure.
                if (outcome.Failure is not null && !outcome.Cancelled)
                {
                    Failed(outcome.Failure);
                    // Failed after shutdown cancelled it: the pipeline left HandleError to this actor.
                    if (_aborted.IsCancellationRequested)
                        _run.Server.InvokeHandleError(_request, outcome.Failure);
                    throw outcome.Failure;
                }
                Context.Stop(Self);
                return true;
            case FinishStarted started:
                _finishTimeout?.Cancel();
                _finishTimeout = ScheduleTell(new TimedOut("finish-timeout", started.Limit), started.Limit);
                return true;
            case TimedOut timedOut:
                // Rate-limited per server: a crowd of slow clients (slowloris) must not flood the log.
                _run.Server.ClientFaults.Warning(timedOut.Setting, ServerEvents.TimedOut + " server={0} client={1}: Request from {1} passed the {2} of {3} ms: {4}",
                    _run.Server.Name, HandlerFailedException.ClientText(_request.ClientAddress), timedOut.Setting, timedOut.Limit.TotalMilliseconds, _run.Mode.WhatTimingOutDoes(_request.IsDatagram));
                TimedOutAt(timedOut.Setting);
                Cancel();
                _abandon = ScheduleTell(AbandonHandler.Instance, AbandonGrace);
                Become(TimedOutState);
                return true;
            default:
                return InEveryState(message);
        }
    }

    /// <summary>Cancelled and closed at its timeout: whatever the handler ends with (a read on the closed socket) is
    /// the timeout's echo, already logged; a handler that ignores its cancellation is abandoned after a grace.</summary>
    private bool TimedOutState(object message)
    {
        switch (message)
        {
            case RequestOutcome outcome:
                Close(outcome);
                Context.Stop(Self);
                return true;
            case FinishStarted or TimedOut:
                return true;
            case AbandonHandler:
                Context.GetLogger().Warning("The handler of the request from {0} ignored its cancellation for {1} ms after its timeout; its actor stops and the handler is abandoned",
                    HandlerFailedException.ClientText(_request.ClientAddress), AbandonGrace.TotalMilliseconds);
                Context.Stop(Self);
                return true;
            default:
                return InEveryState(message);
        }
    }

    private bool InEveryState(object message)
    {
        switch (message)
        {
            case CancelRequest:
                Cancel();
                return true;
            case Status.Failure failure:
                // The pipeline catches every handler exception; reaching here is a bug in ActorServer itself.
                _request.Abort();
                throw new InvalidOperationException("the request pipeline failed", failure.Cause);
            default:
                return false;
        }
    }

    private void Close(RequestOutcome outcome)
    {
        _request.Close();
        if (outcome.HandshakeFailure is { } handshake)
            _run.Server.ClientFaults.Warning("tls-handshake", "TLS handshake with {0} failed: {1}", HandlerFailedException.ClientText(_request.ClientAddress), handshake);
        if (outcome is { Cancelled: true, Failure.InnerException: ChildProcessException killed })
            Context.GetLogger().Warning("Request from {0}: {1}", HandlerFailedException.ClientText(_request.ClientAddress), killed.Message);
    }

    /// <summary>Fires the handler's token and closes the socket: a blocking read does not watch the token, the close wakes it.</summary>
    private void Cancel()
    {
        _aborted.Cancel();
        _request.Abort();
    }

    private ICancelable ScheduleTell(object message, TimeSpan delay) =>
        Context.System.Scheduler.ScheduleTellOnceCancelable(delay, Self, message, Self);

    /// <summary>A child that fails is stopped, never restarted: a flow handler's stream (a restart would run its graph
    /// again from nothing, as Akka's own stream supervisor refuses to) and the handler's host, whose pipeline reports
    /// its own outcome.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => Akka.Actor.SupervisorStrategy.StoppingStrategy;

    protected override void PostStop()
    {
        _requestTimeout?.Cancel();
        _finishTimeout?.Cancel();
        _abandon?.Cancel();
        _aborted.Cancel();
        _request.Abort();
        _aborted.Dispose();
        Closed();
    }

    /// <summary>The timeout named by its HOCON key (<c>request-timeout</c>, <c>finish-timeout</c>) has passed.</summary>
    private sealed record TimedOut(string Setting, TimeSpan Limit);

    /// <summary>The handler's Finish has begun: the finish-timeout starts.</summary>
    private sealed record FinishStarted(TimeSpan Limit);

    private sealed record AbandonHandler
    {
        public static readonly AbandonHandler Instance = new();
    }
}
