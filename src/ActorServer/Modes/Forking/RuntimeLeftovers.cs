using System.Diagnostics;

namespace ActorServer.Modes.Forking;

/// <summary>
/// The .NET runtime makes its diagnostic pipes in the temp folder (<c>clr-debug-pipe-PID-*</c>,
/// <c>dotnet-diagnostic-PID-*</c>) and removes them as the process exits; a child that is killed (at its timeout, at
/// shutdown) cannot. The server removes them once the child is gone, so a forking server that kills children does
/// not fill the temp folder.
/// </summary>
internal static class RuntimeLeftovers
{
    public static void RemoveWhenExited(Process child)
    {
        var id = child.Id;
        child.EnableRaisingEvents = true;
        child.Exited += (_, _) => Remove(id);
    }

    public static IEnumerable<string> Of(int processId) =>
        Directory.EnumerateFiles(Path.GetTempPath(), $"clr-debug-pipe-{processId}-*")
            .Concat(Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{processId}-*"));

    public static void Remove(int processId)
    {
        try
        {
            foreach (var file in Of(processId).ToArray())
                File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's temp folder, or gone already: nothing of ours is left to remove.
        }
    }
}
