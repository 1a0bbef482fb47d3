using Akka.Actor;
using Akka.Actor.Internal;
using Akka.Dispatch;
using Akka.Routing;

namespace ActorServer.Actors;

/// <summary>
/// Makes a request supervisor's request actors as Akka's <c>ActorCell.MakeChild</c> makes a child (reserve the name,
/// make the <see cref="LocalActorRef"/>, enter it among the children, start it), without the lookups Akka repeats for
/// every child: the deployment configured for its path, its dispatcher, and its mailbox type, each a walk through the
/// configuration (and the mailbox's a reflection over the actor's interfaces) that gives the same answer for every
/// request of a template. They are looked up once here. For a datagram, one request each, they were a tenth of its CPU
/// and a fifth of what it allocated (docs/performance.md).
/// </summary>
/// <remarks>
/// Where the answer might differ per request, every actor is made by <c>Context.ActorOf</c> as before: when the system
/// configures any deployment (<c>akka.actor.deployment</c>), or one is found for a request's path; when the supervisor
/// is not a plain <see cref="ActorCell"/>; when the template has a router.
/// </remarks>
internal sealed class RequestActorFactory
{
    private readonly IActorContext _context;
    private readonly ActorCell? _cell;
    private readonly MessageDispatcher? _dispatcher;
    private readonly MailboxType? _mailbox;

    private RequestActorFactory(IActorContext context, Props template, ActorCell? cell, MessageDispatcher? dispatcher, MailboxType? mailbox)
    {
        _context = context;
        Template = template;
        _cell = cell;
        _dispatcher = dispatcher;
        _mailbox = mailbox;
    }

    /// <summary>The Props every request's are a copy of (<see cref="ConnectionProps"/>).</summary>
    public Props Template { get; }

    /// <summary>True when the actors are made here, not by <c>Context.ActorOf</c>.</summary>
    public bool Direct => _cell is not null;

    /// <summary>A factory for the actors of <paramref name="template"/>'s Props, in <paramref name="context"/> (the
    /// supervisor's); the lookups run now, once.</summary>
    public static RequestActorFactory For(IActorContext context, Props template)
    {
        if (context is not ActorCell cell || cell.GetType() != typeof(ActorCell) || template.Deploy.RouterConfig is not NoRouter
            || !NoDeploymentConfigured(cell))
            return new RequestActorFactory(context, template, null, null, null);
        var system = cell.SystemImpl;
        var dispatcher = system.Dispatchers.Lookup(template.Dispatcher);
        var mailbox = system.Mailboxes.GetMailboxType(template, dispatcher.Configurator.Config);
        return new RequestActorFactory(context, template, cell, dispatcher, mailbox);
    }

    /// <summary>Makes and starts the actor of <paramref name="props"/> (a copy of the template) named <paramref name="name"/>.</summary>
    public IActorRef ActorOf(Props props, string name)
    {
        if (_cell is not { } cell)
            return _context.ActorOf(props, name);
        if (cell.ChildrenContainer.IsTerminating)
            throw new InvalidOperationException("Cannot create a request actor while the request supervisor is stopping");
        // Made before its name is reserved, so that a failure leaves nothing behind; its Supervise reaches this
        // supervisor after the current message, when the child is entered already.
        var child = new LocalActorRef(cell.SystemImpl, props, _dispatcher!, _mailbox!, (IInternalActorRef)cell.Self, new ChildActorPath(cell.Self.Path, name, NewUid()));
        cell.ReserveChild(name);
        cell.InitChild(child);
        child.Start();
        return child;
    }

    /// <summary>No deployment in the configuration but Akka's default, nor one found for a request's path (by a wildcard).</summary>
    private static bool NoDeploymentConfigured(ActorCell cell)
    {
        var section = cell.System.Settings.Config.GetConfig("akka.actor.deployment");
        if (section?.Root.GetObject() is { } deployments && deployments.Items.Keys.Any(key => key != "default"))
            return false;
        var deploy = cell.SystemImpl.Provider.Deployer.Lookup(new ChildActorPath(cell.Self.Path, "conn-1", 0));
        return deploy is null || deploy == Deploy.None;
    }

    /// <summary>A child's uid, as Akka draws it: random, never 0 (which means "no uid" in a path).</summary>
    private static long NewUid()
    {
        int uid;
        do
            uid = Random.Shared.Next();
        while (uid == 0);
        return uid;
    }
}
