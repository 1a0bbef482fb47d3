using ActorServer.Transport;

namespace ActorServer.Tests.Transport;

public sealed class IoDeadlineSpec
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void Without_a_timeout_an_operation_must_get_the_callers_own_token()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new IoDeadline(null);

        Assert.Equal(caller.Token, deadline.Start(caller.Token));
    }

    [Fact]
    public void A_timeout_set_between_operations_must_apply_from_the_next_one()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new IoDeadline(null);
        Assert.Equal(caller.Token, deadline.Start(caller.Token));
        deadline.Stop();

        // As a handler's Timeout set in Setup, after its reader and writer were made.
        deadline.Timeout = TimeSpan.FromMilliseconds(50);
        var token = deadline.Start(caller.Token);

        Assert.True(token.WaitHandle.WaitOne(Patience));
        Assert.True(deadline.Expired(caller.Token));

        deadline.Timeout = null;
        Assert.Equal(caller.Token, deadline.Start(caller.Token));
    }

    [Fact]
    public void Operations_one_after_another_must_share_one_timer_rather_than_make_one_each()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new IoDeadline(TimeSpan.FromMinutes(1));

        var first = deadline.Start(caller.Token);
        deadline.Stop();
        var second = deadline.Start(caller.Token);

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_timer_must_fire_for_an_operation_that_takes_too_long_and_be_told_apart_from_the_callers_cancellation()
    {
        using var caller = new CancellationTokenSource();
        using var deadline = new IoDeadline(TimeSpan.FromMilliseconds(50));

        var token = deadline.Start(caller.Token);

        Assert.True(token.WaitHandle.WaitOne(Patience));
        Assert.True(deadline.Expired(caller.Token));
        deadline.Stop();
        // A long limit for the next operation, so that a stalled test thread cannot see it fire too.
        deadline.Timeout = TimeSpan.FromMinutes(1);
        var next = deadline.Start(caller.Token);
        Assert.False(next.IsCancellationRequested);
        Assert.False(deadline.Expired(caller.Token));
    }

    [Fact]
    public void A_stopped_timer_must_not_fire_while_the_handler_works_between_operations()
    {
        var limit = TimeSpan.FromMilliseconds(100);
        using var caller = new CancellationTokenSource();
        using var deadline = new IoDeadline(limit);

        // An attempt where the test thread stalled past the limit between Start and Stop proves nothing: try again.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var token = deadline.Start(caller.Token);
            deadline.Stop();
            if (clock.Elapsed >= limit / 2)
                continue;
            // A bounded negative check: six times the limit passes without the token firing.
            Assert.False(token.WaitHandle.WaitOne(limit * 6));
            return;
        }
        Assert.Fail("the test thread never got from Start to Stop within half the limit");
    }

    [Fact]
    public void The_callers_cancellation_must_reach_the_operation_even_when_the_caller_changes()
    {
        using var firstCaller = new CancellationTokenSource();
        using var secondCaller = new CancellationTokenSource();
        using var deadline = new IoDeadline(TimeSpan.FromMinutes(1));
        deadline.Start(firstCaller.Token);
        deadline.Stop();

        var token = deadline.Start(secondCaller.Token);
        secondCaller.Cancel();

        Assert.True(token.IsCancellationRequested);
        Assert.False(deadline.Expired(secondCaller.Token));
    }
}
