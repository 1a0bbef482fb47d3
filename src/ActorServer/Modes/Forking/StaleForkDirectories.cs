using System.Net.Sockets;
using Akka.Event;

namespace ActorServer.Modes.Forking;

/// <summary>
/// Removes the private folders (<c>actor-server-fork-*</c> in the temp folder) of fork bridges whose server died without
/// closing them (killed with SIGKILL, say): a folder whose control socket nothing answers on. A live server's folder
/// answers, and is left alone; so is a folder this user does not own.
/// </summary>
internal static class StaleForkDirectories
{
    public const string Prefix = "actor-server-fork-";

    public static void Remove(ILoggingAdapter log)
    {
        foreach (var folder in Stale())
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                log.Info("Removed {0}, left by a forking server that stopped without closing it", folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                log.Debug("Could not remove the stale fork folder {0}: {1}", folder, e.Message);
            }
        }
    }

    /// <summary>The fork folders in the temp folder whose control socket nothing answers on.</summary>
    public static IReadOnlyList<string> Stale()
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories(Path.GetTempPath(), Prefix + "*");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        // A link planted under the prefix is not a bridge's folder: never followed, never removed.
        return [.. folders.Where(folder => new DirectoryInfo(folder).LinkTarget is null && IsStale(Path.Combine(folder, "control.sock")))];
    }

    /// <summary>True when the control socket's file is there and a connect to it is refused: no server is bound to it.</summary>
    private static bool IsStale(string controlPath)
    {
        if (UnixFileType.Of(controlPath) != UnixFileKind.Socket)
            return false;
        using var probe = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(controlPath));
            return false;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.ConnectionRefused;
        }
    }
}
