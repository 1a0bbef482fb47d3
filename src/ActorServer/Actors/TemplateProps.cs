using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>
/// Props for an actor made per request: the deployment (mailbox, dispatcher) of a template made once, the actor from a
/// plain delegate (see <see cref="DelegateProducer{TActor}"/>).
/// </summary>
/// <remarks>
/// Akka's <c>WithMailbox</c> and <c>WithDispatcher</c> make a new <see cref="Deploy"/> at each call, and every
/// <see cref="Deploy"/> constructor parses an empty HOCON string (<c>ConfigurationFactory.Empty</c>): per request
/// that was a HOCON parse, and in a server's first seconds the JIT compiled Akka's HOCON parser up through every tier
/// for it (about a hundred methods three times over in the benchmark's connrate, issue 13).
/// </remarks>
internal sealed class TemplateProps : Props
{
    private readonly Func<ActorBase> _produce;

    private TemplateProps(Props template, Func<ActorBase> produce)
        : base(template) => _produce = produce;

    /// <summary>The deployment a template of <typeparamref name="TActor"/> has, for actors made with <see cref="Create{TActor}"/>.</summary>
    public static Props Template<TActor>()
        where TActor : ActorBase =>
        DelegateProducer<TActor>.Props(static () => throw new InvalidOperationException("a template's actor is made by TemplateProps"));

    /// <summary><paramref name="template"/>'s deployment (from <see cref="Template{TActor}"/>, with a mailbox or
    /// dispatcher), its actor made by <paramref name="produce"/>.</summary>
    public static Props Create<TActor>(Props template, Func<TActor> produce)
        where TActor : ActorBase => new TemplateProps(template, produce);

    /// <inheritdoc />
    public override ActorBase NewActor() => _produce();

    /// <inheritdoc />
    protected override Props Copy() => new TemplateProps(this, _produce);
}
