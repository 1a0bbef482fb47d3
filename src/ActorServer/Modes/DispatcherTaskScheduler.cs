using Akka.Dispatch;

namespace ActorServer.Modes;

/// <summary>
/// Runs tasks on an Akka dispatcher's threads, so a handler and every continuation of its awaits run where the
/// server's configuration says: a dedicated thread pool, a pinned thread, or any dispatcher named in HOCON.
/// </summary>
internal sealed class DispatcherTaskScheduler(MessageDispatcher dispatcher) : TaskScheduler
{
    // Every await of a handler comes through here: one small runnable rather than a closure, its delegate and an
    // ActionRunnable around it.
    protected override void QueueTask(Task task) => dispatcher.Schedule(new TaskRun(this, task));

    // Inlining would run the task on whatever thread waits for it, which may not be one of the dispatcher's.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task>? GetScheduledTasks() => null;

    private sealed class TaskRun(DispatcherTaskScheduler scheduler, Task task) : IRunnable
    {
        public void Run() => scheduler.TryExecuteTask(task);

        // Akka's runnables are also thread-pool work items, for executors that queue them to the .NET pool directly.
        public void Execute() => Run();
    }
}
