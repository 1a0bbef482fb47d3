using System.Collections.Concurrent;
using Akka.Dispatch;

namespace ActorServer.Modes;

/// <summary>Dedicated threads taking work from one queue; a thread is started whenever work arrives and none is idle.</summary>
internal sealed class BlockingExecutor(string id, int maxThreads) : ExecutorService(id)
{
    private readonly BlockingCollection<IRunnable> _queue = new(new ConcurrentQueue<IRunnable>());
    private int _threads;
    private int _idle;

    public override void Execute(IRunnable run)
    {
        _queue.Add(run);
        if (Volatile.Read(ref _idle) == 0)
            StartThreadIfBelowLimit();
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
            Interlocked.Increment(ref _idle);
            IRunnable run;
            try
            {
                if (!_queue.TryTake(out run!, Timeout.Infinite))
                    return;
            }
            catch (InvalidOperationException)
            {
                return; // Shut down while waiting.
            }
            finally
            {
                Interlocked.Decrement(ref _idle);
            }
            run.Run();
        }
    }

    public override void Shutdown() => _queue.CompleteAdding();
}
