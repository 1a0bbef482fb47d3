using Akka.Actor;
using Akka.Cluster;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Cluster.Front;

/// <summary>
/// A front node's view of its workers: subscribes to the cluster's membership and reachability events and keeps
/// <see cref="WorkerSet"/> to the members with the worker role that are up (or weakly up) and reachable from here. A
/// worker is lost as soon as this node sees it unreachable, exiting, downed or removed: its requests end then, not at its
/// downing. A leaving worker is not lost: it drained before it left (or still drains), refusing new requests.
/// </summary>
internal sealed class WorkerTracker : ReceiveActor
{
    private readonly AkkaCluster _cluster = AkkaCluster.Get(Context.System);
    private readonly WorkerSet _workers;
    private readonly string _role;
    private readonly HashSet<Address> _unreachable = [];
    private readonly HashSet<Address> _upWorkers = [];

    public WorkerTracker(WorkerSet workers, string role)
    {
        _workers = workers;
        _role = role;
        Receive<ClusterEvent.MemberUp>(up => Joined(up.Member));
        Receive<ClusterEvent.MemberWeaklyUp>(up => Joined(up.Member));
        Receive<ClusterEvent.MemberExited>(exited => Gone(exited.Member));
        Receive<ClusterEvent.MemberRemoved>(removed => Gone(removed.Member));
        Receive<ClusterEvent.MemberDowned>(downed => Gone(downed.Member));
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            _unreachable.Add(unreachable.Member.Address);
            _workers.Lost(unreachable.Member.Address);
        });
        Receive<ClusterEvent.ReachableMember>(reachable =>
        {
            _unreachable.Remove(reachable.Member.Address);
            if (_upWorkers.Contains(reachable.Member.Address))
                _workers.Up(reachable.Member.Address);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
    }

    public static Props Props(WorkerSet workers, string role) => Akka.Actor.Props.Create(() => new WorkerTracker(workers, role));

    protected override void PreStart() =>
        _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents,
            typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.IReachabilityEvent));

    protected override void PostStop()
    {
        _cluster.Unsubscribe(Self);
        _workers.LoseAll();
    }

    private void Joined(Member member)
    {
        if (!member.HasRole(_role))
            return;
        _upWorkers.Add(member.Address);
        if (!_unreachable.Contains(member.Address))
            _workers.Up(member.Address);
    }

    private void Gone(Member member)
    {
        _upWorkers.Remove(member.Address);
        _workers.Lost(member.Address);
        if (member.Status == MemberStatus.Removed)
            _unreachable.Remove(member.Address);
    }
}
