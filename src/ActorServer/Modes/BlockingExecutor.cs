using System.Collections.Concurrent;
using Akka.Dispatch;

namespace ActorServer.Modes;

/// <summary>Dedicated threads taking work from one queue; a thread is started whenever work arrives and none is free.</summary>
/// <remarks>
/// "Free" is counted, not guessed: <c>_demand</c> is the items queued or running, and a thread is started whenever it
/// passes the threads there are (up to the limit). Counting idle threads instead raced: two items queued while one
/// thread was between finishing its work and taking the next found it "idle" both, so only one of them ran and the
/// other waited behind it; with handlers that block until each other arrive, that waited forever.
/// </remarks>
internal sealed class BlockingExecutor(string id, int maxThreads) : ExecutorService(id)
{
    private readonly ConcurrentQueue<IRunnable> _queue = new();
    private readonly SemaphoreSlim _items = new(0);
    private int _threads;
    private int _demand;
    private volatile bool _shutdown;

    public override void Execute(IRunnable run)
    {
        _queue.Enqueue(run);
        if (Interlocked.Increment(ref _demand) > Volatile.Read(ref _threads))
            StartThreadIfBelowLimit();
        _items.Release();
    }

    private void StartThreadIfBelowLimit()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _threads);
            if (current >= maxThreads)
                return;
        }
        while (Interlocked.CompareExchange(ref _threads, current + 1, current) != current);
        new Thread(Work) { IsBackground = true, Name = $"{Id}-{current + 1}" }.Start();
    }

    private void Work()
    {
        while (true)
        {
            _items.Wait();
            if (!_queue.TryDequeue(out var run))
            {
                // Woken by Shutdown with nothing left to run (work queued before it still runs, as it always did).
                if (_shutdown)
                    return;
                continue;
            }
            try
            {
                run.Run();
            }
            finally
            {
                Interlocked.Decrement(ref _demand);
            }
        }
    }

    public override void Shutdown()
    {
        _shutdown = true;
        _items.Release(Math.Max(1, Volatile.Read(ref _threads)));
    }
}
