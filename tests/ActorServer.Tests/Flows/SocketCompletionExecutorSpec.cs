using ActorServer.Flows;
using Akka.Dispatch;

namespace ActorServer.Tests.Flows;

/// <summary>The flow dispatcher's executor runs a mailbox on the socket completion's thread only inside
/// <see cref="SocketCompletionExecutor.RunInline{T}"/>, and only one: anything else goes to the .NET pool.</summary>
public sealed class SocketCompletionExecutorSpec
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly SocketCompletionExecutor _executor = new("test");

    [Fact]
    public async Task Work_queued_outside_a_socket_completion_must_run_on_the_pool()
    {
        var run = new RecordingRun();

        run.Calling(() => _executor.Execute(run));

        Assert.False(await run.RanWithinCall.WaitAsync(Patience), "the work ran inline on the thread that queued it");
    }

    [Fact]
    public async Task Work_queued_by_a_socket_completion_must_run_at_once_on_its_thread_and_what_that_queues_on_the_pool()
    {
        var inner = new RecordingRun();
        var outer = new RecordingRun(() => inner.Calling(() => _executor.Execute(inner)));

        outer.Calling(() => SocketCompletionExecutor.RunInline(_executor.Execute, (IRunnable)outer));

        Assert.True(await outer.RanWithinCall.WaitAsync(Patience), "the woken work did not run inline");
        Assert.False(await inner.RanWithinCall.WaitAsync(Patience), "work queued by inline work ran inline too");

        // Past the completion, work goes to the pool again.
        var after = new RecordingRun();
        after.Calling(() => _executor.Execute(after));
        Assert.False(await after.RanWithinCall.WaitAsync(Patience), "work queued after the completion ran inline");
    }

    /// <summary>Tells whether it ran on the thread that queued it before the queuing call returned.</summary>
    private sealed class RecordingRun(Action? then = null) : IRunnable
    {
        private readonly TaskCompletionSource<bool> _ran = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile int _callingThread = -1;

        public Task<bool> RanWithinCall => _ran.Task;

        public void Calling(Action queue)
        {
            _callingThread = Environment.CurrentManagedThreadId;
            try
            {
                queue();
            }
            finally
            {
                _callingThread = -1;
            }
        }

        public void Run()
        {
            _ran.TrySetResult(_callingThread == Environment.CurrentManagedThreadId);
            then?.Invoke();
        }

        public void Execute() => Run();
    }
}
