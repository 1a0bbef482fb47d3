using Akka.Actor;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

/// <summary>The idle-friendly scheduler in a real actor system: what Akka's timers, tells and cancellations need of it.</summary>
public sealed class TimerQueueSchedulerSpec(ITestOutputHelper output) : TestKit(
    """akka.scheduler.implementation = "ActorServer.TimerQueueScheduler, ActorServer" """, output: output)
{
    [Fact]
    public void An_actor_system_configured_with_it_uses_it() =>
        Assert.IsType<TimerQueueScheduler>(Sys.Scheduler);

    [Fact]
    public async Task A_scheduled_tell_arrives_after_its_delay_and_once()
    {
        var started = Sys.Scheduler.MonotonicClock;
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), TestActor, "due", ActorRefs.NoSender);
        await ExpectMsgAsync("due");
        Assert.True(Sys.Scheduler.MonotonicClock - started >= TimeSpan.FromMilliseconds(45));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public async Task A_repeated_tell_repeats_until_it_is_cancelled()
    {
        var cancelable = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TestActor, "tick", ActorRefs.NoSender);
        await ExpectMsgAsync("tick");
        await ExpectMsgAsync("tick");
        await ExpectMsgAsync("tick");
        cancelable.Cancel();
        // One may have been on its way as the cancellation came.
        await ReceiveWhileAsync(TimeSpan.FromMilliseconds(100), message => message as string).ToListAsync();
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(150));
    }

    [Fact]
    public async Task A_cancelled_tell_never_arrives()
    {
        var cancelable = Sys.Scheduler.ScheduleTellOnceCancelable(TimeSpan.FromMilliseconds(100), TestActor, "cancelled", ActorRefs.NoSender);
        cancelable.Cancel();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(200), TestActor, "after", ActorRefs.NoSender);
        await ExpectMsgAsync("after");
    }

    [Fact]
    public async Task Disposing_it_must_stop_every_timer_at_once_so_nothing_pending_stays_alive_or_runs()
    {
        var scheduler = new TimerQueueScheduler(Sys.Settings.Config.GetConfig("akka.scheduler"), Sys.Log);
        ITellScheduler tells = scheduler;
        tells.ScheduleTellOnce(TimeSpan.FromHours(1), TestActor, "an hour away", ActorRefs.NoSender);
        tells.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "soon", ActorRefs.NoSender);
        Assert.Equal(2, scheduler.PendingCount);

        scheduler.Dispose();

        Assert.Equal(0, scheduler.PendingCount);
        tells.ScheduleTellOnce(TimeSpan.Zero, TestActor, "after disposal", ActorRefs.NoSender);
        Assert.Equal(0, scheduler.PendingCount);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_finished_tell_must_leave_nothing_pending()
    {
        var scheduler = (TimerQueueScheduler)Sys.Scheduler;
        var before = scheduler.PendingCount;
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(10), TestActor, "done", ActorRefs.NoSender);
        await ExpectMsgAsync("done");
        await AwaitConditionAsync(() => Task.FromResult(scheduler.PendingCount <= before));
    }

    [Fact]
    public async Task An_action_that_throws_is_logged_and_the_schedule_goes_on()
    {
        var runs = 0;
        var cancelable = new Cancelable(Sys.Scheduler);
        Sys.Scheduler.Advanced.ScheduleRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), () =>
        {
            if (Interlocked.Increment(ref runs) == 1)
                throw new InvalidOperationException("the first run fails");
            TestActor.Tell("ran");
        }, cancelable);
        await ExpectMsgAsync("ran");
        cancelable.Cancel();
    }
}
