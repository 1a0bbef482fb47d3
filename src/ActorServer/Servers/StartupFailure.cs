namespace ActorServer;

/// <summary>
/// Turns a server that cannot start (a bad setting, an address in use) into its one-line reason on standard error and
/// exit code 1, as nginx and Kestrel refuse to start, instead of an unhandled exception's crash dump: a service manager
/// then sees the failure and the operator the cause.
/// </summary>
/// <example><code>
/// using var host = builder.Build();
/// return await StartupFailure.ExitCodeOfAsync(() => host.RunAsync());
/// </code></example>
public static class StartupFailure
{
    /// <summary>
    /// Runs <paramref name="run"/> (a host's <c>RunAsync</c>, a server's <c>ServeForeverAsync</c>) and returns 0 when it
    /// ends, or 1 after writing the message of the <see cref="ActorServerConfigurationException"/> or
    /// <see cref="ServerBindException"/> that stopped it to <paramref name="error"/> (standard error by default).
    /// Any other exception is not a startup failure and propagates.
    /// </summary>
    public static async Task<int> ExitCodeOfAsync(Func<Task> run, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        try
        {
            await run().ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (CauseOf(e) is { } cause)
        {
            (error ?? Console.Error).WriteLine(cause.Message);
            return 1;
        }
    }

    // The generic host and the actor system's extension container wrap what a server's start threw.
    private static Exception? CauseOf(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ActorServerConfigurationException or ServerBindException)
                return e;
        }
        return null;
    }
}
