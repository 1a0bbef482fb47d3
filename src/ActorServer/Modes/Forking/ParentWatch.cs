using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorServer.Modes.Forking;

/// <summary>
/// A forked child's guard against outliving its server, as PostgreSQL's backends watch their postmaster: a background
/// thread checks the parent process id a few times a second, and when the server is gone (SIGKILL included: the child
/// is then re-parented) the child kills itself at once, its request and all. Not <c>PR_SET_PDEATHSIG</c>: Linux sends
/// that when the parent's starting thread exits, and the server starts children from pool threads that come and go.
/// </summary>
internal static partial class ParentWatch
{
    /// <summary>The environment variable in which the server gives its child its own process id.</summary>
    public const string ParentVariable = "ACTOR_SERVER_PARENT_PID";

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Starts watching the server: the process named by <see cref="ParentVariable"/>, else this one's parent now.</summary>
    public static void Start()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
            return;
        var parent = int.TryParse(Environment.GetEnvironmentVariable(ParentVariable), out var given) ? given : ParentId();
        var watch = new Thread(() => Watch(parent)) { IsBackground = true, Name = "actor-server-parent-watch" };
        watch.Start();
    }

    private static void Watch(int parent)
    {
        // A sleeping loop on a thread of its own: it must keep watching while every other thread is busy or blocked.
        while (ParentId() == parent)
            Thread.Sleep(Interval);
        Console.Error.WriteLine($"actor-server child {Environment.ProcessId}: its server (process {parent}) is gone; exiting");
        // Killing itself, the runtime cannot remove its diagnostic pipes, and the server that would is gone.
        RuntimeLeftovers.Remove(Environment.ProcessId);
        Process.GetCurrentProcess().Kill();
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int ParentId();
}
