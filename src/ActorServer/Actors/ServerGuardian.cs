using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// The root of one server's actors (<c>/user/actor-server-NAME</c>): starts the request supervisor and the listener,
/// forwards the server's commands to the listener, applies the escalate policy on the way up, and restarts a listener that
/// failed (it resumes serving after the server's <see cref="ListenerBackoff"/>).
/// </summary>
internal sealed class ServerGuardian : ReceiveActor
{
    private readonly SocketServer _server;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ServerGuardian(SocketServer server)
    {
        _server = server;
        var requests = Context.ActorOf(RequestSupervisor.Props(server), "requests");
        var listener = Context.ActorOf(ListenerActor.Props(server, requests, new ListenerMemory()), "listener");
        Receive<IListenerCommand>(command => listener.Forward(command));
    }

    public static Props Props(SocketServer server) => Akka.Actor.Props.Create(() => new ServerGuardian(server));

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(exception =>
    {
        if (exception is HandlerFailedException failure)
        {
            // on-handler-error = escalate: the serving call fails with the handler's exception, and this guardian's
            // own supervisor decides what becomes of the server (the default /user strategy restarts it, idle).
            _server.AbortServing(failure);
            return Directive.Escalate;
        }
        // A listener keeps its serving run across the restart and accepts again after the server's back-off.
        if (exception is not ListenerRestartException)
            _log.Error(exception, "A server actor failed unexpectedly; restarting it");
        return Directive.Restart;
    }, loggingEnabled: false);
}
