using Akka.Dispatch;

namespace ActorServer.Modes;

/// <summary>
/// Runs tasks on an Akka dispatcher's threads, so a handler and every continuation of its awaits run where the
/// server's configuration says: a dedicated thread pool, a pinned thread, or any dispatcher named in HOCON.
/// </summary>
internal sealed class DispatcherTaskScheduler(MessageDispatcher dispatcher) : TaskScheduler
{
    protected override void QueueTask(Task task) => dispatcher.Schedule(() => TryExecuteTask(task));

    // Inlining would run the task on whatever thread waits for it, which may not be one of the dispatcher's.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task>? GetScheduledTasks() => null;
}
