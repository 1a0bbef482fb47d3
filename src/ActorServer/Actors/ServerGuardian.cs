using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// The root of one server's actors (<c>/user/actor-server-NAME</c>): starts the request supervisor and the listener,
/// forwards the server's commands to the listener, and applies the escalate policy on the way up.
/// </summary>
internal sealed class ServerGuardian : ReceiveActor
{
    private readonly SocketServer _server;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public ServerGuardian(SocketServer server)
    {
        _server = server;
        var requests = Context.ActorOf(RequestSupervisor.Props(server), "requests");
        var listener = Context.ActorOf(ListenerActor.Props(server, requests), "listener");
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
        _log.Error(exception, "A server actor failed unexpectedly; restarting it");
        return Directive.Restart;
    }, loggingEnabled: false);
}
