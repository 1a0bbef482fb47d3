namespace ActorServer.Testing;

/// <summary>What the test clients share about failing an expectation.</summary>
internal static class Expectations
{
    /// <summary>How long an expectation waits when neither the options nor a TestKit give a timeout.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a failure message waits for the handler's outcome when what the test saw means the handler is
    /// ending (its connection closed or broke): long enough for the pipeline to report, short enough not to matter.</summary>
    public static readonly TimeSpan OutcomeGrace = TimeSpan.FromSeconds(1);

    /// <summary>Fails the test with <paramref name="message"/> and, on the next line, how the handler ended.</summary>
    public static T Fail<T>(string message, string handlerState)
    {
        Xunit.Assert.Fail($"{message}.{Environment.NewLine}{handlerState}");
        return default!;
    }

    /// <summary>How the handler of <paramref name="outcome"/> stands: still running, or how it ended.</summary>
    public static string Describe(Task<HandlerOutcome> outcome) => outcome.Status switch
    {
        TaskStatus.RanToCompletion => outcome.Result.Describe(),
        TaskStatus.Faulted => $"The TestKit could not run the handler: {outcome.Exception!.InnerException}",
        TaskStatus.Canceled => "The handler's run was cancelled.",
        _ => "The handler is still running.",
    };

    /// <summary>Waits up to <paramref name="grace"/> for <paramref name="outcome"/>, whatever it turns out to be.</summary>
    public static async Task SettleAsync(Task<HandlerOutcome> outcome, TimeSpan grace) =>
        await ((Task)outcome).WaitAsync(grace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}
