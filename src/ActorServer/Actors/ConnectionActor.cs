using ActorServer.Modes;
using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// One request's actor: creates the handler, runs Setup → Handle → Finish off the mailbox, closes the request
/// (<c>shutdown_request</c>) and reports a failure to its supervisor by failing. It bounds the whole request by the
/// server's <c>RequestTimeout</c> (a client that trickles bytes defeats the handler's idle <c>Timeout</c>, not this) and
/// its Finish by <c>FinishTimeout</c>, in every kind and mode: in forking mode the child says when Finish begins, and a
/// request timed out is ended by killing its child.
/// States: handling → (timed out →) closed.
/// </summary>
internal sealed class ConnectionActor : ActorBase, IWithTimers
{
    /// <summary>How long a handler may ignore its cancelled token and closed socket before its actor stops anyway.</summary>
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(1);

    private readonly SocketServer _server;
    private readonly AcceptedRequest _request;
    private readonly TaskScheduler? _sharedHandlerScheduler;
    private readonly CancellationTokenSource _aborted = new();
    private bool _timedOut;

    public ConnectionActor(SocketServer server, AcceptedRequest request, TaskScheduler? sharedHandlerScheduler)
    {
        _server = server;
        _request = request;
        _sharedHandlerScheduler = sharedHandlerScheduler;
    }

    /// <param name="sharedHandlerScheduler">In threading mode, the handler dispatcher's scheduler when all requests can
    /// share it; null when each request needs a <see cref="HandlerHost"/> of its own (a pinned dispatcher).</param>
    public static Props Props(SocketServer server, AcceptedRequest request, TaskScheduler? sharedHandlerScheduler = null) =>
        DelegateProducer<ConnectionActor>.Props(() => new ConnectionActor(server, request, sharedHandlerScheduler));

    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart()
    {
        if (_server.RequestTimeout is { } limit)
            Timers.StartSingleTimer("request-timeout", new TimedOut("request-timeout", limit), limit);
        var self = Self;
        Action? finishing = _server.FinishTimeout is { } finishLimit
            ? () => self.Tell(new FinishStarted(finishLimit))
            : null;
        var context = new RequestContext(_request.Request, _request.ClientAddress, _server, _request.Channel, _aborted.Token, finishing);
        var run = new PipelineRun(_server, _request, context, self);
        // The handler never runs on this actor: a blocking Handle() must not hold its mailbox (cancellation has to get
        // through), and its awaits must not hop through it. Without a handler dispatcher it runs on the thread pool.
        if (_server.Mode == ServingMode.Forking)
            _server.ForkBridge.ServeAsync(_request, _aborted.Token, finishing).PipeTo(Self);
        else if (_sharedHandlerScheduler is { } scheduler)
            Task.Factory.StartNew(run.RunAsync, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
        else if (_server.HandlerDispatcher is { } dispatcher)
            Context.ActorOf(HandlerHost.Props(run.RunAsync, dispatcher), "handler");
        else
            ThreadPool.QueueUserWorkItem(PipelineRun.Start, run, preferLocal: false);
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case RequestOutcome outcome:
                _request.Close();
                if (outcome is { Cancelled: true, Failure.InnerException: ChildProcessException killed })
                    Context.GetLogger().Warning("Request from {0}: {1}", HandlerFailedException.ClientText(_request.ClientAddress), killed.Message);
                // After the request-timeout, whatever the handler threw (a read on the closed socket) is its echo, already logged.
                if (outcome.Failure is not null && !outcome.Cancelled && !_timedOut)
                    throw outcome.Failure;
                Context.Stop(Self);
                return true;
            case CancelRequest:
                _aborted.Cancel();
                // A blocking read does not watch the token: closing the socket is what wakes it.
                _request.Abort();
                return true;
            case FinishStarted started:
                Timers.StartSingleTimer("finish-timeout", new TimedOut("finish-timeout", started.Limit), started.Limit);
                return true;
            case TimedOut timedOut when !_timedOut:
                Context.GetLogger().Warning("Request from {0} passed the {1} of {2} ms: {3}",
                    HandlerFailedException.ClientText(_request.ClientAddress), timedOut.Setting, timedOut.Limit.TotalMilliseconds, WhatTimingOutDoes());
                _timedOut = true;
                _aborted.Cancel();
                _request.Abort();
                Timers.StartSingleTimer("abandon", AbandonHandler.Instance, AbandonGrace);
                return true;
            case TimedOut:
                // A second timeout after the first: the request is already cancelled and closed.
                return true;
            case AbandonHandler:
                Context.GetLogger().Warning("The handler of the request from {0} ignored its cancellation for {1} ms after its timeout; its actor stops and the handler is abandoned",
                    HandlerFailedException.ClientText(_request.ClientAddress), AbandonGrace.TotalMilliseconds);
                Context.Stop(Self);
                return true;
            case Status.Failure failure:
                // The pipeline catches every handler exception; reaching here is a bug in ActorServer itself.
                _request.Abort();
                throw new InvalidOperationException("the request pipeline failed", failure.Cause);
            default:
                return false;
        }
    }

    /// <summary>How a request is ended when it times out, as the warning says it.</summary>
    private string WhatTimingOutDoes() => (_server.Mode, _request.IsDatagram) switch
    {
        (ServingMode.Forking, false) => "its child process is killed, which closes its connection",
        (ServingMode.Forking, true) => "its child process is killed",
        (_, false) => "cancelled, and its connection closed",
        // The socket is the server's, shared by every datagram: there is nothing of the request's own to close.
        (_, true) => "cancelled",
    };

    protected override void PostStop()
    {
        _aborted.Cancel();
        _request.Abort();
        _aborted.Dispose();
    }

    /// <summary>
    /// One run of the pipeline, reporting its outcome to the actor. Not StartNew(...).Unwrap().PipeTo(Self): that chain
    /// allocates three more tasks and a state machine per request. The request is closed (<c>shutdown_request</c>) as
    /// soon as the handler is done, so the client sees the end of its request without waiting for the actor's turn.
    /// </summary>
    private sealed class PipelineRun(SocketServer server, AcceptedRequest request, RequestContext context, IActorRef actor)
    {
        public static readonly Action<PipelineRun> Start = static run => _ = run.RunAsync();

        public async Task RunAsync()
        {
            RequestOutcome outcome;
            try
            {
                outcome = await RequestPipeline.RunAsync(server.HandlerFactory, server.HandlerType, context).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                actor.Tell(new Status.Failure(e));
                return;
            }
            request.Close();
            actor.Tell(outcome);
        }
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
