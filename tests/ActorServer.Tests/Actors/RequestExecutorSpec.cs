using ActorServer.Actors;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

/// <summary>
/// <c>actor-server.request-dispatcher</c>: the one actor a <see cref="InlineExecutor{TSelf}.RunInline{TState}"/> wakes runs on the
/// caller's thread, as a datagram's supervisor and request actor run on its receive loop's; everything else, and what
/// that actor wakes in turn, goes to the pool.
/// </summary>
public sealed class RequestExecutorSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Replies with the thread it runs on; told a next actor, has it reply too.</summary>
    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter()
        {
            Receive<string>(_ => Sender.Tell(Environment.CurrentManagedThreadId));
            Receive<IActorRef>(next => next.Tell("which thread", Sender));
        }
    }

    private IActorRef Reporter()
    {
        ActorServerConfig.InjectInto(Sys);
        return Sys.ActorOf(Props.Create<ThreadReporter>().WithDispatcher(RequestExecutor.DispatcherId));
    }

    /// <summary>Calls <paramref name="tell"/> on a thread of its own (never the pool's), inside a run or not; returns that thread's id.</summary>
    private static async Task<int> OnOwnThread(Action tell, bool inRun)
    {
        var id = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            if (inRun)
                RequestExecutor.RunInline(static action => action(), tell);
            else
                tell();
            id.SetResult(Environment.CurrentManagedThreadId);
        }) { IsBackground = true };
        thread.Start();
        return await id.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task An_actor_woken_inside_a_run_must_run_on_the_callers_thread()
    {
        var reporter = Reporter();
        // Idle first: an actor whose mailbox already runs on the pool takes the message there.
        await reporter.Ask<int>("warm", Patience);
        var probe = CreateTestProbe();

        var caller = await OnOwnThread(() => reporter.Tell("which thread", probe.Ref), inRun: true);

        Assert.Equal(caller, await probe.ExpectMsgAsync<int>(Patience));
    }

    [Fact]
    public async Task An_actor_woken_outside_a_run_must_run_on_the_pool()
    {
        var reporter = Reporter();
        await reporter.Ask<int>("warm", Patience);
        var probe = CreateTestProbe();

        var caller = await OnOwnThread(() => reporter.Tell("which thread", probe.Ref), inRun: false);

        Assert.NotEqual(caller, await probe.ExpectMsgAsync<int>(Patience));
    }

    [Fact]
    public async Task What_the_inline_actor_wakes_in_turn_must_go_to_the_pool()
    {
        var (first, second) = (Reporter(), Reporter());
        await first.Ask<int>("warm", Patience);
        await second.Ask<int>("warm", Patience);
        var probe = CreateTestProbe();

        var caller = await OnOwnThread(() => first.Tell(second, probe.Ref), inRun: true);

        Assert.NotEqual(caller, await probe.ExpectMsgAsync<int>(Patience));
    }
}
