using System.Collections.Concurrent;
using Akka.Dispatch;

namespace ActorServer.Modes;

/// <summary>Dedicated threads taking work from one queue; a thread is started whenever work arrives and none is free.</summary>
/// <remarks>
/// <para>"Free" is counted, not guessed: <c>_demand</c> is the items queued or running, and a thread is started whenever it
/// passes the threads there are (up to the limit). Counting idle threads instead raced: two items queued while one
/// thread was between finishing its work and taking the next found it "idle" both, so only one of them ran and the
/// other waited behind it; with handlers that block until each other arrive, that waited forever.</para>
/// <para>Starting a thread can fail: out of file descriptors (EMFILE) the runtime throws <see cref="OutOfMemoryException"/>,
/// because each start briefly needs two of them (a pipe). <see cref="Execute"/> must not throw then: it is called from
/// awaits' continuations and Akka's mailboxes, which would lose the work, and a throw after queuing the item (before
/// counting it on the semaphore) left every later item running one item late, so a server out of descriptors stopped
/// answering the last request that came in. A failed start is not counted as a thread, the item stays queued for the
/// threads there are, and the .NET thread pool is asked to lend one for it (the next work that arrives tries a start
/// again).</para>
/// </remarks>
/// <param name="startThread">Starts a new thread (<see cref="Thread.Start()"/>; a test's stand-in fails as EMFILE makes it).</param>
internal sealed class BlockingExecutor(string id, int maxThreads, Action<Thread>? startThread = null) : ExecutorService(id)
{
    private readonly ConcurrentQueue<IRunnable> _queue = new();
    private readonly SemaphoreSlim _items = new(0);
    private readonly Action<Thread> _startThread = startThread ?? (thread => thread.Start());
    private int _threads;
    private int _demand;
    private volatile bool _shutdown;

    public override void Execute(IRunnable run)
    {
        _queue.Enqueue(run);
        var hasThread = Interlocked.Increment(ref _demand) <= Volatile.Read(ref _threads) || TryStartThreadIfBelowLimit();
        _items.Release();
        if (!hasThread)
            LendPoolThread();
    }

    /// <summary>Has the .NET pool run one queued item. The pool may need a thread it cannot start either, and then it
    /// throws out of the queuing: then our own threads take the item when one is free.</summary>
    private void LendPoolThread()
    {
        try
        {
            ThreadPool.UnsafeQueueUserWorkItem(static executor => executor.RunOneIfQueued(), this, preferLocal: false);
        }
        catch (OutOfMemoryException)
        {
            // Nothing is lost: the item is still in our queue, counted on the semaphore.
        }
    }

    /// <summary>False only when a thread was needed and could not be started.</summary>
    private bool TryStartThreadIfBelowLimit()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _threads);
            if (current >= maxThreads)
                return true;
        }
        while (Interlocked.CompareExchange(ref _threads, current + 1, current) != current);
        try
        {
            _startThread(new Thread(Work) { IsBackground = true, Name = $"{Id}-{current + 1}" });
            return true;
        }
        catch (Exception e) when (e is OutOfMemoryException or ThreadStartException)
        {
            Interlocked.Decrement(ref _threads);
            return false;
        }
    }

    private void Work()
    {
        while (true)
        {
            _items.Wait();
            // Woken by Shutdown with nothing left to run (work queued before it still runs, as it always did).
            if (!TryRunNext() && _shutdown)
                return;
        }
    }

    /// <summary>On a thread lent by the pool: runs one item if one is still waiting (a thread of ours may have taken it).</summary>
    private void RunOneIfQueued()
    {
        if (_items.Wait(0))
            TryRunNext();
    }

    private bool TryRunNext()
    {
        if (!_queue.TryDequeue(out var run))
            return false;
        try
        {
            run.Run();
        }
        finally
        {
            Interlocked.Decrement(ref _demand);
        }
        return true;
    }

    public override void Shutdown()
    {
        _shutdown = true;
        _items.Release(Math.Max(1, Volatile.Read(ref _threads)));
    }
}
