using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>
/// One run of the request pipeline in this process, reporting its outcome to the connection actor. Not
/// StartNew(...).Unwrap().PipeTo(Self): that chain allocates three more tasks and a state machine per request. The
/// request is closed (<c>shutdown_request</c>) as soon as the handler is done, so the client sees the end of its request
/// without waiting for the actor's turn.
/// </summary>
internal sealed class PipelineRun(SocketServer server, AcceptedRequest request, RequestContext context, IActorRef actor)
{
    private static readonly Action<PipelineRun> Start = static run => _ = run.RunAsync();

    public static void StartOnThreadPool(PipelineRun run) => ThreadPool.QueueUserWorkItem(Start, run, preferLocal: false);

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
