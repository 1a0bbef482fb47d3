using ActorServer.Actors;

namespace ActorServer.Flows;

/// <summary>Waits for a flow handler's materialized flow, aborting it when the request is cancelled.</summary>
internal static class FlowRun
{
    /// <param name="done">Completes when the flow is done; fails with its failure.</param>
    /// <param name="abort">Aborts the flow (a kill switch's): called when the request is cancelled; null for a flow that
    /// aborts itself on <paramref name="requestAborted"/> (a connection's, whose stage does).</param>
    /// <param name="reset">Breaks the request's connection after a failure that is not the client's.</param>
    /// <exception cref="OperationCanceledException">The request was cancelled (a drain past its timeout, a request timeout),
    /// whatever the flow failed with as it was aborted: a cancelled request is not a handler failure.</exception>
    public static async Task UntilDoneAsync(Task done, Action<Exception>? abort, Action reset, CancellationToken requestAborted)
    {
        using var cancelling = abort is null ? default : requestAborted.Register(
            static state => ((Action<Exception>)state!)(new OperationCanceledException("the request was cancelled")), abort);
        try
        {
            await done.ConfigureAwait(false);
        }
        catch (Exception e) when (requestAborted.IsCancellationRequested)
        {
            reset();
            throw new OperationCanceledException("the request was cancelled and its flow aborted", e, requestAborted);
        }
        catch (Exception e) when (!ClientFault.Is(e))
        {
            reset();
            throw;
        }
    }
}
