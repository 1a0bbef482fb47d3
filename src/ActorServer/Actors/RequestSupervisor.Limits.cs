using Akka.Actor;
using Akka.Event;

namespace ActorServer.Actors;

// The limits changed while serving, and the status only this actor can complete: its count and limits are its own.
internal sealed partial class RequestSupervisor
{
    /// <summary>The run's <c>max-connections</c>, as set at its start or since.</summary>
    private int _maxConnections;

    /// <summary>The server, known from its first run.</summary>
    private SocketServer? _server;

    private void ChangeLimit(RunSettings run, SetMaxConnections change)
    {
        if (change.MaxConnections < 1)
        {
            Sender.Tell(new Akka.Actor.Status.Failure(new ArgumentOutOfRangeException(nameof(change.MaxConnections), change.MaxConnections,
                $"Server {run.Server.Name}: max-connections must be at least 1.")));
            return;
        }
        if (run.Settings.Mode == ServingMode.Synchronous)
        {
            Sender.Tell(new Akka.Actor.Status.Failure(new InvalidOperationException(
                $"Server {run.Server.Name} serves in synchronous mode, one request at a time: max-connections does not apply.")));
            return;
        }
        var capacity = run.Mode.Capacity(run.Settings with { MaxConnections = change.MaxConnections });
        _maxConnections = change.MaxConnections;
        // Lowered: the listener's unused admissions come back, so it accepts nothing until there is room.
        if (_admissions.ChangeLimit(capacity) && !_listener.IsNobody())
            _listener.Tell(WithdrawAdmissions.Instance);
        _log.Info(ServerEvents.LimitChanged + " server={0} max-connections={1} capacity={2} in-flight={3}",
            run.Server.Name, change.MaxConnections, capacity, _admissions.Active);
        // Raised: the held requests start, and the listener may take the backlog at once.
        StartHeld(run);
        AdmitListener();
        Sender.Tell(new MaxConnectionsSet(change.MaxConnections, capacity));
    }

    /// <summary>The status, asked for in any state; a new limit outside serving, refused.</summary>
    private bool OperateInEveryState(object message)
    {
        switch (message)
        {
            case StatusQuery query:
                Sender.Tell(StatusOf(query.State));
                return true;
            case SetMaxConnections:
                Sender.Tell(new Akka.Actor.Status.Failure(new InvalidOperationException("The server is not serving: set its MaxConnections instead.")));
                return true;
            case GateAdmissions gate:
                Gate(gate);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The mode has nowhere to run requests (closed) or has again (open): while serving, the listener's
    /// admissions come back and it accepts nothing (clients wait in the backlog), then it is admitted again.</summary>
    private void Gate(GateAdmissions gate)
    {
        if (!_admissions.Gate(!gate.Open) || _serving is not { } run)
            return;
        _log.Info(ServerEvents.Gated + " server={0} open={1}: {2}", run.Server.Name, gate.Open, gate.Cause);
        if (!gate.Open)
        {
            if (!_listener.IsNobody())
                _listener.Tell(WithdrawAdmissions.Instance);
            return;
        }
        StartHeld(run);
        AdmitListener();
    }

    private ServerStatus StatusOf(ServerState state) =>
        _server is { } server
            ? server.Stats.Snapshot(server, state, _maxConnections, _admissions.Capacity, _admissions.Active)
            : throw new InvalidOperationException("The request supervisor has no server yet");
}
