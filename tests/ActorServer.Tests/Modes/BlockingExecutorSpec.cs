using ActorServer.Modes;
using Akka.Dispatch;

namespace ActorServer.Tests.Modes;

public sealed class BlockingExecutorSpec
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private sealed class Work(Action action) : IRunnable
    {
        public void Run() => action();

        public void Execute() => Run();
    }

    [Fact]
    public void A_blocking_executor_must_give_each_of_several_items_queued_at_once_a_thread_of_its_own()
    {
        var executor = new BlockingExecutor("blocking-executor-spec", maxThreads: 8);
        try
        {
            // One thread that has just finished its work and is going back for more: the moment an idle count raced.
            using var warm = new ManualResetEventSlim();
            executor.Execute(new Work(warm.Set));
            Assert.True(warm.Wait(Patience));

            // Five items that each wait for all the others: they can only finish if every one has its own thread.
            // (Not disposed: an item that only got a thread after the test gave up must not crash the test host.)
            var rendezvous = new Barrier(5);
            var met = new CountdownEvent(5);
            for (var i = 0; i < 5; i++)
            {
                executor.Execute(new Work(() =>
                {
                    if (rendezvous.SignalAndWait(Patience))
                        met.Signal();
                }));
            }

            Assert.True(met.Wait(Patience), $"only {5 - met.CurrentCount} of 5 items met");
        }
        finally
        {
            executor.Shutdown();
        }
    }

    [Fact]
    public void A_blocking_executor_that_cannot_start_a_thread_must_still_run_every_item_and_not_throw()
    {
        // What EMFILE does to Thread.Start: the runtime needs descriptors to start a thread and throws.
        var executor = new BlockingExecutor("blocking-executor-spec", maxThreads: 4, _ => throw new OutOfMemoryException());
        try
        {
            var ran = new CountdownEvent(3);
            for (var i = 0; i < 3; i++)
                executor.Execute(new Work(() => ran.Signal()));

            Assert.True(ran.Wait(Patience), $"only {3 - ran.CurrentCount} of 3 items ran");
        }
        finally
        {
            executor.Shutdown();
        }
    }

    [Fact]
    public async Task A_thread_that_failed_to_start_must_not_count_so_the_next_item_gets_a_thread_of_its_own()
    {
        var failures = 1;
        var executor = new BlockingExecutor("blocking-executor-spec", maxThreads: 1, thread =>
        {
            if (Interlocked.Decrement(ref failures) >= 0)
                throw new OutOfMemoryException();
            thread.Start();
        });
        try
        {
            using var first = new ManualResetEventSlim();
            executor.Execute(new Work(first.Set));
            Assert.True(first.Wait(Patience), "the item whose thread failed to start never ran");

            // Counted as started, the failed thread would fill the limit of one, and no thread of the executor's own would ever run.
            var second = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            executor.Execute(new Work(() => second.SetResult(Thread.CurrentThread.Name)));
            Assert.Equal("blocking-executor-spec-1", await second.Task.WaitAsync(Patience));
        }
        finally
        {
            executor.Shutdown();
        }
    }
}
