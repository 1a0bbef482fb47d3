using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

// The live operations as the listener sees them: suspended (accepting nothing, its socket closed) and back, a lowered
// limit that takes its admissions back, and the state it adds to a status query.
internal sealed partial class ListenerActor
{
    /// <summary>The operations every accepting state takes (awaiting admission, accepting, retrying, backing off).</summary>
    private bool Operate(object message)
    {
        switch (message)
        {
            case SuspendServer:
                Suspend();
                return true;
            case ResumeServer:
                Sender.Tell(ServerResumed.Instance);
                return true;
            case GetServerStatus:
                _requests.Forward(new StatusQuery(ServerState.Serving));
                return true;
            case WithdrawAdmissions:
                // Outside accepting and retrying (which handle it themselves) no admission is held that could be used.
                _admissions = 0;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Accepting or retrying when the limit was lowered: the admissions held go back, the accept is cancelled
    /// (should it complete all the same, its request is held by the request supervisor until there is room).</summary>
    private bool Withdrawn()
    {
        CancelAccept();
        Timers.Cancel("retry-accept");
        _admissions = 0;
        Become(_awaitingAdmission);
        return true;
    }

    private void Suspend()
    {
        _admissions = 0;
        CancelAccept();
        Timers.Cancel("retry-accept");
        Timers.Cancel("backoff");
        _run.Settings.Server.SuspendListening();
        _run.Suspended = true;
        _log.Info(ServerEvents.Suspended + " server={0} address={1}: accepting nothing until resumed; requests in flight go on",
            _run.Settings.Server.Name, _run.Settings.Server.ServerAddress);
        Sender.Tell(ServerSuspended.Instance);
        Become(Suspended);
    }

    /// <summary>Suspended: nothing is accepted; the requests in flight go on, and so do the service actions and a stop.</summary>
    private bool Suspended(object message)
    {
        switch (message)
        {
            case ResumeServer:
                ResumeAccepting();
                return true;
            case SuspendServer:
                Sender.Tell(ServerSuspended.Instance);
                return true;
            case GetServerStatus:
                _requests.Forward(new StatusQuery(ServerState.Suspended));
                return true;
            case PauseAccepting pause:
                _log.Debug("Not pausing the listener ({0}): it is suspended", pause.Cause);
                return true;
            case Admitted or WithdrawAdmissions or AcceptFailed or RetryAccept or BackoffElapsed:
                // Admissions given while suspended are void: resuming asks for new ones.
                return true;
            default:
                return BeforeHandOver(message);
        }
    }

    private void ResumeAccepting()
    {
        var server = _run.Settings.Server;
        try
        {
            server.ResumeListening();
        }
        catch (Exception e)
        {
            _log.Warning("Server {0} could not resume on {1} and stays suspended: {2}", server.Name, server.ServerAddress, e.Message);
            Sender.Tell(new Status.Failure(e));
            return;
        }
        _run.Suspended = false;
        _log.Info(ServerEvents.Resumed + " server={0} address={1}", server.Name, server.ServerAddress);
        _requests.Tell(new WantAdmission(AfterPause: false));
        Sender.Tell(ServerResumed.Instance);
        Become(_awaitingAdmission);
    }

    /// <summary>The operations of a run's end: a single request being served, or the drain.</summary>
    private bool OperateEnding(object message, ServerState state, string why)
    {
        switch (message)
        {
            case SuspendServer or ResumeServer:
                Sender.Tell(new Status.Failure(new InvalidOperationException($"Server {_run.Settings.Server.Name} cannot be suspended or resumed: {why}.")));
                return true;
            case GetServerStatus:
                _requests.Forward(new StatusQuery(state));
                return true;
            case WithdrawAdmissions:
                return true;
            default:
                return false;
        }
    }
}
