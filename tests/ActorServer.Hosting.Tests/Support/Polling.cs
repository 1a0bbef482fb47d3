namespace ActorServer.Hosting.Tests.Support;

/// <summary>Waits for a condition on state a test cannot be told about (an actor's members, a registry), checking it
/// every 20 ms: TestKit's AwaitAssert for specs that run without a TestKit.</summary>
public static class Polling
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, Func<string> failure)
    {
        using var deadline = new CancellationTokenSource(within);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!await condition())
        {
            if (!await tick.WaitForNextTickAsync(deadline.Token).AsTask().ContinueWith(t => t.IsCompletedSuccessfully))
                Assert.Fail(failure());
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan within, Func<string> failure) =>
        UntilAsync(() => Task.FromResult(condition()), within, failure);
}
