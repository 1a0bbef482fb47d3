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

    /// <summary>Runs the handler in this process.</summary>
    public Task RunAsync() => RunAsync(null);

    /// <summary>Runs <paramref name="handler"/> (null: the handler in this process) through the server's
    /// <c>ProcessRequestAsync</c> where it overrides it; then, as Python's <c>_handle_request_noblock</c>,
    /// <c>HandleError</c> for a failure and <c>ShutdownRequest</c>.</summary>
    public async Task RunAsync(Func<Task<RequestOutcome>>? handler)
    {
        RequestOutcome outcome;
        try
        {
            outcome = server.HooksRequests
                ? await server.ProcessThroughHooksAsync(request, handler ?? InProcess, context.RequestAborted).ConfigureAwait(false)
                : handler is null
                    ? await RequestPipeline.RunAsync(server.HandlerFactory, server.HandlerType, context).ConfigureAwait(false)
                    : await handler().ConfigureAwait(false);
            // Before the request is closed, so HandleError may still answer the client. A request the server aborted
            // (its timeout, or shutdown's) is its connection actor's to judge.
            if (outcome is { Failure: { } failure, Cancelled: false } && !context.RequestAborted.IsCancellationRequested)
                server.InvokeHandleError(request, failure);
        }
        catch (Exception e)
        {
            actor.Tell(new Status.Failure(e));
            return;
        }
        request.Close();
        actor.Tell(outcome);
    }

    /// <summary>The handler in this process, for the server's hooks (which take a task).</summary>
    private Task<RequestOutcome> InProcess() => RequestPipeline.RunAsync(server.HandlerFactory, server.HandlerType, context).AsTask();
}
