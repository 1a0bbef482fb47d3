using ActorServer.Actors;
using Akka.Actor;

namespace ActorServer.Modes;

/// <summary>
/// In threading mode, the actor whose dispatcher runs one request's handler. It exists so the handler runs on the
/// configured dispatcher (a pinned dispatcher gives it a thread of its own, released when this actor stops) while
/// the connection actor stays on the default dispatcher, free to process cancellation even when every handler
/// thread is blocked.
/// </summary>
internal sealed class HandlerHost : UntypedActor
{
    private readonly Func<Task<RequestOutcome>> _run;

    public HandlerHost(Func<Task<RequestOutcome>> run) => _run = run;

    public static Props Props(Func<Task<RequestOutcome>> run, string dispatcher) =>
        Akka.Actor.Props.Create(() => new HandlerHost(run)).WithDispatcher(dispatcher);

    protected override void PreStart()
    {
        var scheduler = new DispatcherTaskScheduler(Context.Dispatcher);
        Task.Factory.StartNew(_run, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler)
            .Unwrap()
            .PipeTo(Context.Parent);
    }

    protected override void OnReceive(object message) => Unhandled(message);
}
