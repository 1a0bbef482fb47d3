namespace ActorServer.Testing;

/// <summary>How a <see cref="HandlerClient"/> is connected, how its handler ended, and how its expectations fail.</summary>
public sealed partial class HandlerClient
{
    /// <summary>Waits for the handler to finish and asserts that Setup, Handle and Finish all completed.</summary>
    public async Task<HandlerOutcome> ExpectCompletedAsync(TimeSpan? timeout = null)
    {
        var outcome = await Outcome(timeout).ConfigureAwait(false);
        if (outcome.Failure is not null)
            await FailAsync<bool>("Expected the handler to complete, but it failed", connectionEnded: false).ConfigureAwait(false);
        return outcome;
    }

    /// <summary>Waits for the handler to fail and asserts that its exception is a <typeparamref name="TException"/>; returns it.</summary>
    public async Task<TException> ExpectFailureAsync<TException>(TimeSpan? timeout = null) where TException : Exception
    {
        var outcome = await Outcome(timeout).ConfigureAwait(false);
        return outcome.Failure?.InnerException as TException
            ?? await FailAsync<TException>($"Expected the handler to fail with {typeof(TException).Name}", connectionEnded: false).ConfigureAwait(false);
    }

    private async Task<HandlerOutcome> Outcome(TimeSpan? timeout)
    {
        var limit = timeout ?? _expectTimeout;
        try
        {
            return await _outcome.Task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return await FailAsync<HandlerOutcome>($"The handler did not finish within {limit.TotalMilliseconds:0} ms", connectionEnded: false).ConfigureAwait(false);
        }
    }

    /// <summary>Fails with <paramref name="message"/> and how the handler ended. When the connection has ended the handler is
    /// ending too, so its outcome is awaited briefly: the message then names the exception that closed the connection.</summary>
    private async Task<T> FailAsync<T>(string message, bool connectionEnded)
    {
        if (connectionEnded)
            await Expectations.SettleAsync(_outcome.Task, Expectations.OutcomeGrace).ConfigureAwait(false);
        return Expectations.Fail<T>(message, Expectations.Describe(_outcome.Task));
    }

    /// <summary>The transport the options ask for, or the one the handler's class needs.</summary>
    private static IStreamConnection Open(Type handlerType, HandlerClientOptions options)
    {
        if (typeof(DatagramRequestHandler).IsAssignableFrom(handlerType))
            throw new ArgumentException(
                $"{handlerType.Name} is a {nameof(DatagramRequestHandler)}: it serves datagrams, not a connection. Test it with " +
                $"{nameof(HandlerDatagramClient)}.{nameof(HandlerDatagramClient.Connect)} (ConnectDatagram in a {nameof(HandlerTestKit)}), which sends it packets.",
                nameof(handlerType));
        var transport = options.Transport
            ?? (ReadsTheChannel(handlerType) ? StreamTransport.InMemory : StreamTransport.SocketPair);
        if (transport == StreamTransport.InMemory)
            return new InMemoryConnection(options.ReceiveWindow, options.MaxChunk);
        if (options.ReceiveWindow != int.MaxValue || options.MaxChunk != int.MaxValue)
            throw new ArgumentException(
                $"{nameof(HandlerClientOptions.ReceiveWindow)} and {nameof(HandlerClientOptions.MaxChunk)} shape an in-memory connection, but {handlerType.Name} " +
                $"is connected by a socket pair, whose buffers are the kernel's: set {nameof(HandlerClientOptions.Transport)} = {nameof(StreamTransport)}.{nameof(StreamTransport.InMemory)} " +
                $"(the handler's Request is then no Socket) or leave them unset.", nameof(options));
        return SocketPairConnection.Open();
    }

    /// <summary>Stream and flow handlers read and write the request's channel, never its socket: they run in memory.</summary>
    private static bool ReadsTheChannel(Type handlerType) =>
        typeof(StreamRequestHandler).IsAssignableFrom(handlerType) || typeof(FlowRequestHandler).IsAssignableFrom(handlerType);
}
