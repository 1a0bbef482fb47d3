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
}
