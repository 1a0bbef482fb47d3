using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>
/// The Props of one request's actor: a copy of a template made once (its deployment, with the request mailbox), that
/// makes the actor for its own request. A request is made per datagram, so its Props must be cheap: a
/// <c>WithMailbox</c> per request copies the deployment, and that copy parses an empty HOCON text each time; a
/// <see cref="DelegateProducer{TActor}"/> adds its closure and delegate. Akka makes the actor with <see cref="NewActor"/>.
/// </summary>
internal sealed class ConnectionProps : Props
{
    private readonly RunSettings _run;
    private readonly AcceptedRequest _request;
    private readonly TaskScheduler? _sharedHandlerScheduler;

    /// <param name="template">From <see cref="Template"/>: its deployment is shared by every request.</param>
    public ConnectionProps(Props template, RunSettings run, AcceptedRequest request, TaskScheduler? sharedHandlerScheduler)
        : base(template)
    {
        _run = run;
        _request = request;
        _sharedHandlerScheduler = sharedHandlerScheduler;
    }

    /// <summary>The template for a supervisor's requests: with the request mailbox when the system defines it.</summary>
    public static Props Template(bool requestMailbox)
    {
        var template = Props.Create<ConnectionActor>();
        return requestMailbox ? template.WithMailbox(RequestMailbox.ConfigPath) : template;
    }

    /// <summary>The templates a request supervisor uses, read from its system's configuration: ActorServer's mailbox and
    /// dispatcher for requests are there beneath it, but a system made without ActorServer's defaults lacks them.</summary>
    public static (Props Template, Props OnActor) Templates(Akka.Configuration.Config config)
    {
        var template = Template(config.HasPath(RequestMailbox.ConfigPath + ".mailbox-type"));
        return (template, RequestExecutor.OnItsDispatcher(template, config));
    }

    // AK1000 guards against actors made outside Akka; this is Akka making one, through its Props.
#pragma warning disable AK1000
    public override ActorBase NewActor() => new ConnectionActor(_run, _request, _sharedHandlerScheduler);
#pragma warning restore AK1000

    /// <inheritdoc />
    /// <remarks>Akka copies Props when a deployment is applied to them (<c>WithDeploy</c>, a configured deployment for
    /// the path): the copy must still make this request's actor, as <see cref="TemplateProps"/>'s does.</remarks>
    protected override Props Copy() => new ConnectionProps(this, _run, _request, _sharedHandlerScheduler);
}
