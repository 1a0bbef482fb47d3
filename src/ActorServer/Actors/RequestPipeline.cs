namespace ActorServer.Actors;

/// <summary>
/// Runs one handler over one request with Python's <c>BaseRequestHandler.__init__</c> semantics:
/// <c>setup()</c>, then <c>handle()</c> in a <c>try</c> whose <c>finally</c> is <c>finish()</c>.
/// A plain class, not an actor: it is the hot path, and the connection actor only owns its lifecycle. A ValueTask, so
/// a handler that completes at once (a datagram's one send) costs no task for its outcome.
/// </summary>
internal static class RequestPipeline
{
    public static async ValueTask<RequestOutcome> RunAsync(Func<BaseRequestHandler> createHandler, Type handlerType, RequestContext context)
    {
        if (context.TlsAuthenticator is not null)
            return await Tls.TlsRequest.RunAsync(createHandler, handlerType, context).ConfigureAwait(false);
        var token = context.RequestAborted;
        BaseRequestHandler handler;
        try
        {
            handler = createHandler();
            handler.Attach(context);
        }
        catch (Exception e)
        {
            return RequestOutcome.Failed(new HandlerFailedException(handlerType, RequestPhase.Setup, context.ClientAddress, e), token);
        }

        try
        {
            try
            {
                await handler.SetupAsync(token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                return Failed(RequestPhase.Setup, e);
            }

            Exception? handleError = null;
            try
            {
                await handler.HandleAsync(token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                handleError = e;
            }

            Exception? finishError = null;
            context.Finishing?.Invoke();
            try
            {
                await handler.FinishAsync(token).ConfigureAwait(false);
                if (handleError is null)
                    await handler.AfterFinishAsync(token).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                finishError = e;
            }

            return (handleError, finishError) switch
            {
                (null, null) => RequestOutcome.Completed,
                ({ } h, null) => Failed(RequestPhase.Handle, h),
                (null, { } f) => Failed(RequestPhase.Finish, f),
                ({ } h, { } f) => Failed(RequestPhase.Handle, new AggregateException(h, f)),
            };
        }
        finally
        {
            handler.DetachRequest();
        }

        RequestOutcome Failed(RequestPhase phase, Exception e) =>
            RequestOutcome.Failed(new HandlerFailedException(handler.GetType(), phase, context.ClientAddress, e), token);
    }
}
