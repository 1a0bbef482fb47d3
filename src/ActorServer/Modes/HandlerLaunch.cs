using ActorServer.Actors;
using Akka.Actor;

namespace ActorServer.Modes;

/// <summary>What a mode needs to start one request's handler: given by the connection actor, from its own turn.</summary>
/// <param name="Context">The connection actor's context: the outcome goes to its <c>Self</c>; a handler host is its child.</param>
/// <param name="Pipeline">Runs Setup → Handle → Finish in this process and reports the outcome.</param>
/// <param name="SharedScheduler">In threading mode, the handler dispatcher's scheduler when requests can share it.</param>
internal sealed record HandlerLaunch(
    IActorContext Context,
    RunSettings Run,
    AcceptedRequest Request,
    PipelineRun Pipeline,
    CancellationToken Aborted,
    Action? Finishing,
    TaskScheduler? SharedScheduler);
