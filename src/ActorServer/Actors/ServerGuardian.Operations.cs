using Akka.Actor;

namespace ActorServer.Actors;

// The operators' commands reach the actor that owns what they change: suspension and the state of a run are the
// listener's, the limits the request supervisor's.
internal sealed partial class ServerGuardian
{
    private bool Operate(object message, IActorRef listener)
    {
        switch (message)
        {
            case SuspendServer or ResumeServer or GetServerStatus:
                listener.Forward(message);
                return true;
            case SetMaxConnections or GateAdmissions:
                _requests.Forward(message);
                return true;
            default:
                return false;
        }
    }

    private bool OperateIdle(object message)
    {
        switch (message)
        {
            case SuspendServer or ResumeServer:
                Sender.Tell(new Status.Failure(new InvalidOperationException($"Server {_server.Name} is not serving.")));
                return true;
            case GetServerStatus:
                _requests.Forward(new StatusQuery(ServerState.Stopped));
                return true;
            case SetMaxConnections or GateAdmissions:
                _requests.Forward(message);
                return true;
            default:
                return false;
        }
    }
}
