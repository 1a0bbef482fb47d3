using ActorServer.Actors;
using Akka.Streams;

namespace ActorServer.Flows;

/// <summary>Waits for a flow handler's materialized flow, aborting it through its kill switch when the request is cancelled.</summary>
internal static class FlowRun
{
    /// <param name="done">Completes when the flow is done; fails with its failure.</param>
    /// <param name="reset">Breaks the request's connection after a failure that is not the client's.</param>
    /// <exception cref="OperationCanceledException">The request was cancelled (a drain past its timeout, a request timeout),
    /// whatever the flow failed with as it was aborted: a cancelled request is not a handler failure.</exception>
    public static async Task UntilDoneAsync(Task done, UniqueKillSwitch killSwitch, Action reset, CancellationToken requestAborted)
    {
        using var cancelling = requestAborted.Register(
            static state => ((UniqueKillSwitch)state!).Abort(new OperationCanceledException("the request was cancelled")), killSwitch);
        try
        {
            await done.ConfigureAwait(false);
        }
        catch (Exception e) when (requestAborted.IsCancellationRequested)
        {
            reset();
            throw new OperationCanceledException("the request was cancelled and its flow aborted through its kill switch", e, requestAborted);
        }
        catch (Exception e) when (!ClientFault.Is(e))
        {
            reset();
            throw;
        }
    }
}
