using System.Collections.Concurrent;
using ActorServer.Actors;
using Akka.Actor;

namespace ActorServer.Modes;

/// <summary>
/// In threading mode, the actor whose dispatcher runs one request's handler. It exists so the handler runs on the
/// configured dispatcher (a pinned dispatcher gives it a thread of its own, released when this actor stops) while
/// the connection actor stays on the default dispatcher, free to process cancellation even when every handler
/// thread is blocked. The run reports its outcome to the connection actor itself.
/// </summary>
internal sealed class HandlerHost : UntypedActor
{
    private readonly Func<Task> _run;

    public HandlerHost(Func<Task> run) => _run = run;

    /// <summary>Each dispatcher's deployment, made once (<see cref="TemplateProps"/> says why): the ids are the few a
    /// configuration names.</summary>
    private static readonly ConcurrentDictionary<string, Props> Deployments = new();

    public static Props Props(Func<Task> run, string dispatcher) =>
        TemplateProps.Create(Deployments.GetOrAdd(dispatcher, static id => TemplateProps.Template<HandlerHost>().WithDispatcher(id)), () => new HandlerHost(run));

    protected override void PreStart()
    {
        var scheduler = new DispatcherTaskScheduler(Context.Dispatcher);
        Task.Factory.StartNew(_run, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler);
    }

    protected override void OnReceive(object message) => Unhandled(message);
}
