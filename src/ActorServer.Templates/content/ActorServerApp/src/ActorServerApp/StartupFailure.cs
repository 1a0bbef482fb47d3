using ActorServer;

namespace ActorServerApp;

/// <summary>A server that cannot start (a bad setting, an address in use) ends the program with its one-line reason
/// on stderr and exit code 1, as nginx and Kestrel refuse to start, instead of a crash dump.</summary>
public static class StartupFailure
{
    /// <summary>Runs <paramref name="run"/>: 0 when it ends, 1 (and the reason on stderr) when a server could not start.</summary>
    public static async Task<int> ExitCodeOfAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (Exception e) when (CauseOf(e) is { } cause)
        {
            Console.Error.WriteLine(cause.Message);
            return 1;
        }
    }

    // The generic host and the container wrap what a server's start threw.
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
