using ActorServer.Modes;
using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>
/// One request's actor: creates the handler, runs Setup → Handle → Finish off the mailbox, closes the request
/// (<c>shutdown_request</c>) and reports a failure to its supervisor by failing. States: handling → closed.
/// </summary>
internal sealed class ConnectionActor : ActorBase
{
    private readonly SocketServer _server;
    private readonly AcceptedRequest _request;
    private readonly TaskScheduler? _sharedHandlerScheduler;
    private readonly CancellationTokenSource _aborted = new();

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

    protected override void PreStart()
    {
        var context = new RequestContext(_request.Request, _request.ClientAddress, _server, _request.Channel, _aborted.Token);
        var run = new PipelineRun(_server, _request, context, Self);
        // The handler never runs on this actor: a blocking Handle() must not hold its mailbox (cancellation has to get
        // through), and its awaits must not hop through it. Without a handler dispatcher it runs on the thread pool.
        if (_server.Mode == ServingMode.Forking)
            _server.ForkBridge.ServeAsync(_request, _aborted.Token).PipeTo(Self);
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
                if (outcome.Failure is not null && !outcome.Cancelled)
                    throw outcome.Failure;
                Context.Stop(Self);
                return true;
            case CancelRequest:
                _aborted.Cancel();
                // A blocking read does not watch the token: closing the socket is what wakes it.
                _request.Abort();
                return true;
            case Status.Failure failure:
                // The pipeline catches every handler exception; reaching here is a bug in ActorServer itself.
                _request.Abort();
                throw new InvalidOperationException("the request pipeline failed", failure.Cause);
            default:
                return false;
        }
    }

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
}
