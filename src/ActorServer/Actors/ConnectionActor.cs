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
                () => RequestPipeline.RunAsync(_server.HandlerFactory, _server.HandlerType, context),
                CancellationToken.None,
                TaskCreationOptions.DenyChildAttach,
                _server.RequestScheduler)
            .Unwrap()
            .PipeTo(Self);
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

    private sealed class Producer(SocketServer server, AcceptedRequest request) : IIndirectActorProducer
    {
        public Type ActorType => typeof(ConnectionActor);

        public ActorBase Produce() => new ConnectionActor(server, request);

        public void Release(ActorBase actor)
        {
        }
    }
}
