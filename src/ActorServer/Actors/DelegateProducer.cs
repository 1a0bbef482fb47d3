using Akka.Actor;

namespace ActorServer.Actors;

/// <summary>
/// Props that make their actor with a plain delegate. <c>Props.Create(() => new X(a, b))</c> takes the expression tree
/// apart (and compiles parts of it) every time, which for the actors made per request cost more CPU than everything
/// else a request does in the actor tree.
/// </summary>
internal sealed class DelegateProducer<TActor>(Func<TActor> produce) : IIndirectActorProducer
    where TActor : ActorBase
{
    public static Props Props(Func<TActor> produce) => Akka.Actor.Props.CreateBy(new DelegateProducer<TActor>(produce));

    public Type ActorType => typeof(TActor);

    public ActorBase Produce() => produce();

    public void Release(ActorBase actor)
    {
    }
}
