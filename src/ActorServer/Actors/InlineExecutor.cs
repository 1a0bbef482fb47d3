using Akka.Dispatch;

namespace ActorServer.Actors;

/// <summary>
/// An executor on the .NET thread pool, as Akka's default, except inside <see cref="RunInline{TState}"/>: there the one
/// actor on this executor that the call wakes runs at once on the caller's thread, instead of as a thread-pool item of
/// its own. Whatever that actor wakes in turn goes to the pool, unless it too is woken inside another such call.
/// </summary>
/// <remarks>
/// The mailbox still runs one actor on one thread at a time: Akka schedules a mailbox only when it is idle, so an inline
/// run never overlaps a pooled one. Each executor type has a flag of its own (<typeparamref name="TSelf"/>), so a run
/// inline on one never lets another's actors run inline.
/// </remarks>
/// <typeparam name="TSelf">The executor type, whose calls of <see cref="RunInline{TState}"/> admit its actors alone.</typeparam>
internal abstract class InlineExecutor<TSelf>(string id, bool preferLocal) : ExecutorService(id)
    where TSelf : InlineExecutor<TSelf>
{
    [ThreadStatic] private static bool _inlineAllowed;

    /// <summary>Calls <paramref name="action"/>, running the first actor on a <typeparamref name="TSelf"/> that it wakes on
    /// this thread.</summary>
    public static void RunInline<TState>(Action<TState> action, TState state)
    {
        if (_inlineAllowed)
        {
            action(state);
            return;
        }
        _inlineAllowed = true;
        try
        {
            action(state);
        }
        finally
        {
            _inlineAllowed = false;
        }
    }

    public sealed override void Execute(IRunnable run)
    {
        if (!_inlineAllowed)
        {
            ThreadPool.UnsafeQueueUserWorkItem(run, preferLocal);
            return;
        }
        // One actor inline per call: what it wakes in turn goes to the pool.
        _inlineAllowed = false;
        try
        {
            run.Run();
        }
        finally
        {
            _inlineAllowed = true;
        }
    }

    public sealed override void Shutdown()
    {
    }
}
