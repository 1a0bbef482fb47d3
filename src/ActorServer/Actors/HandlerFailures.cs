using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// The request supervisor's strategy: applies the run's <see cref="HandlerErrorPolicy"/> to a failed request, after the
/// server's <c>HandleError</c> (Python's <c>handle_error</c>) has seen it. A client's fault (a reset, a silent client)
/// never stops a server.
/// </summary>
internal static class HandlerFailures
{
    /// <param name="parent">The server's guardian, which stops the run or pauses the listener when the policy says so.</param>
    /// <remarks>The failure was logged already, by the server's <c>HandleError</c>, where the request ended.</remarks>
    public static Directive Decide(Exception exception, HandlerErrorPolicy policy, IActorRef parent, ILoggingAdapter log)
    {
        if (exception is not HandlerFailedException failure)
        {
            log.Error(exception, "A connection actor failed outside its handler; that request is closed and the server goes on");
            return Directive.Stop;
        }
        if (ClientFault.Is(failure.InnerException))
            return Directive.Stop;
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
