using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// Python's <c>handle_error</c>, as the request supervisor's strategy: logs a failed request with its client address and
/// applies the run's <see cref="HandlerErrorPolicy"/>. A client's fault (a reset, a silent client) never stops a server.
/// </summary>
internal static class HandlerFailures
{
    /// <param name="parent">The server's guardian, which stops the run or pauses the listener when the policy says so.</param>
    /// <param name="clientFaults">Where a client's fault is warned of, rate-limited: a flood of resets cannot flood the log.</param>
    public static Directive Decide(Exception exception, HandlerErrorPolicy policy, IActorRef parent, ILoggingAdapter log, ClientFaultLog? clientFaults)
    {
        if (exception is not HandlerFailedException failure)
        {
            log.Error(exception, "A connection actor failed outside its handler; that request is closed and the server goes on");
            return Directive.Stop;
        }
        if (ClientFault.Is(failure.InnerException))
        {
            object?[] args = [HandlerFailedException.ClientText(failure.ClientAddress), failure.Phase, failure.InnerException?.Message];
            if (clientFaults is null)
                log.Warning("Request from {0} ended by the client in {1}: {2}", args);
            else
                clientFaults.Warning("request ended by the client", "Request from {0} ended by the client in {1}: {2}", args);
            return Directive.Stop;
        }
        log.Error(failure.InnerException, "Exception occurred during processing of request from {0} ({1} in {2})",
            HandlerFailedException.ClientText(failure.ClientAddress), failure.HandlerType.Name, failure.Phase);
        switch (policy)
        {
            case HandlerErrorPolicy.StopServer:
                log.Error("on-handler-error = stop-server: the server stops serving");
                parent.Tell(new StopServing(failure));
                return Directive.Stop;
            case HandlerErrorPolicy.RestartListener:
                log.Error("on-handler-error = restart-listener: the listener restarts and accepts again after a back-off");
                parent.Tell(new RestartListener(failure));
                return Directive.Stop;
            case HandlerErrorPolicy.Escalate:
                log.Error("on-handler-error = escalate: passing the failure to the server guardian's supervisor");
                return Directive.Escalate;
            default:
                return Directive.Stop;
        }
    }
}
