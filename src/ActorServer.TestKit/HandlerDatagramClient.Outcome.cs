namespace ActorServer.Testing;

/// <summary>How the handlers of a <see cref="HandlerDatagramClient"/> ended, and how its expectations fail.</summary>
public sealed partial class HandlerDatagramClient
{
    /// <summary>Waits for the handlers of every datagram sent so far and returns how each ended, in the order sent.</summary>
    public async Task<IReadOnlyList<HandlerOutcome>> OutcomesAsync(TimeSpan? timeout = null)
    {
        var limit = timeout ?? _expectTimeout;
        var outcomes = _serving.Outcomes;
        try
        {
            return await Task.WhenAll(outcomes).WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return Fail<HandlerOutcome[]>($"The handlers of the {outcomes.Count} datagrams sent did not all finish within {limit.TotalMilliseconds:0} ms");
        }
        catch (InvalidOperationException)
        {
            return Fail<HandlerOutcome[]>("The TestKit's server could not serve every datagram");
        }
    }

    /// <summary>Waits for the handlers of every datagram sent so far and asserts that Setup, Handle and Finish all
    /// completed for each; returns the last one's outcome.</summary>
    public async Task<HandlerOutcome> ExpectCompletedAsync(TimeSpan? timeout = null)
    {
        var outcomes = await OutcomesAsync(timeout).ConfigureAwait(false);
        if (outcomes.Count == 0)
            return Fail<HandlerOutcome>("Expected the handler to complete, but no datagram was sent, so none ran");
        if (outcomes.Any(o => !o.Completed))
            Fail<bool>("Expected every handler to complete, but one failed");
        return outcomes[^1];
    }

    /// <summary>Waits for the handlers of every datagram sent so far and asserts that the last one's failed with a
    /// <typeparamref name="TException"/>; returns it.</summary>
    public async Task<TException> ExpectFailureAsync<TException>(TimeSpan? timeout = null) where TException : Exception
    {
        var outcomes = await OutcomesAsync(timeout).ConfigureAwait(false);
        return outcomes.Count > 0 && outcomes[^1].Failure?.InnerException is TException expected
            ? expected
            : Fail<TException>($"Expected the handler of the last datagram sent to fail with {typeof(TException).Name}");
    }

    /// <summary>No reply can reach an unbound client, as on a server: says so, once the last handler has had a moment to end.</summary>
    private Task<T> FailUnansweredAsync<T>(string expectation) =>
        FailSettledAsync<T>($"{expectation}, but the client is an unbound Unix socket: no reply can reach it, on a server as here " +
            "(the handler sees a null ClientAddress); use ReceiveRepliesAsync or ExpectNoReplyAsync, which expect none");

    /// <summary>Fails once the last handler has had a moment to end: a reply that is not the one expected often comes
    /// just before its handler throws, and the message must then name the exception, not "still running".</summary>
    private async Task<T> FailSettledAsync<T>(string message)
    {
        if (_serving.Outcomes is [.., var last])
            await Expectations.SettleAsync(last, Expectations.OutcomeGrace).ConfigureAwait(false);
        return Fail<T>(message);
    }

    private T Fail<T>(string message) => Expectations.Fail<T>(message, Describe());

    /// <summary>How the handlers stand: one line for each that has not completed, and how many have.</summary>
    private string Describe() => _serving.Failure is { } failure
        ? $"{DescribeHandlers()}{Environment.NewLine}The TestKit stopped serving: {failure.Message}"
        : DescribeHandlers();

    private string DescribeHandlers()
    {
        var outcomes = _serving.Outcomes;
        if (outcomes.Count == 0)
            return "No datagram has been sent, so no handler has run.";
        var notCompleted = outcomes
            .Select((outcome, i) => (outcome, number: i + 1))
            .Where(o => !o.outcome.IsCompletedSuccessfully || !o.outcome.Result.Completed)
            .Select(o => $"Datagram {o.number} of {outcomes.Count}: {Expectations.Describe(o.outcome)}")
            .ToList();
        var completed = outcomes.Count - notCompleted.Count;
        if (notCompleted.Count == 0)
            return outcomes.Count == 1 ? "The handler completed." : $"The handlers of all {outcomes.Count} datagrams completed.";
        if (completed > 0)
            notCompleted.Add($"The handlers of the other {completed} completed.");
        return string.Join(Environment.NewLine, notCompleted);
    }
}
