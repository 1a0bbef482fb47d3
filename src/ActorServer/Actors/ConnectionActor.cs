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
    private readonly CancellationTokenSource _aborted = new();

    public ConnectionActor(SocketServer server, AcceptedRequest request)
    {
        _server = server;
        _request = request;
    }

    // Not Props.Create(() => new ConnectionActor(...)): that form takes the expression tree apart (and compiles parts
    // of it) for every connection, which cost more CPU than everything else a connection does in the actor tree.
    public static Props Props(SocketServer server, AcceptedRequest request) =>
        Akka.Actor.Props.CreateBy(new Producer(server, request));

    protected override void PreStart()
    {
        var context = new RequestContext(_request.Request, _request.ClientAddress, _server, _request.Channel, _aborted.Token);
        // The handler runs on the server's scheduler, not on the actor: a blocking Handle() must never hold a dispatcher
        // thread of the actor system, and its awaits must not hop through this mailbox.
        Task.Factory.StartNew(
            PipelineRun.Start,
            new PipelineRun(_server, _request, context, Self),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            _server.RequestScheduler);
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
        public static readonly Action<object?> Start = static state => _ = ((PipelineRun)state!).RunAsync();

        private async Task RunAsync()
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

    private sealed class Producer(SocketServer server, AcceptedRequest request) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ConnectionActor);

        public ActorBase Produce() => new ConnectionActor(server, request);

        public void Release(ActorBase actor)
        {
        }
    }
}
