using System.Net.Sockets;
using System.Text;
using Akka.Event;

namespace ActorServer;

/// <summary>
/// A Unix server's socket file: checks the path's length, takes over a stale file that a crashed server left, binds,
/// sets the file's permissions, and removes the file on close. A path that starts with '\0' is in Linux's abstract
/// namespace: it has no file, so there is nothing to take over, chmod or remove.
/// </summary>
/// <remarks>
/// While bound, the server holds an exclusive advisory lock (<c>flock</c>) on <c>PATH.lock</c>, so two servers started at
/// the same instant on one stale path cannot both take it over (each could otherwise see the file as stale, and the
/// second delete the first one's fresh socket). Another server that holds the lock is refused without being probed.
/// On Linux the lock file is opened as <see cref="LockFileHandle"/> says (never through a symbolic link, trusted only
/// when this user owns it: a lock planted by another user proves nothing, and the server decides from a probe instead),
/// and its holder removes it on close, so no lock file is left behind.
/// </remarks>
internal sealed class UnixSocketFile
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private bool _bound;
    private IDisposable? _lock;

    private UnixSocketFile(string path)
    {
        Path = path;
        EndPoint = new UnixDomainSocketEndPoint(path);
    }

    /// <summary>sun_path holds 108 bytes on Linux and 104 on the BSDs and macOS, the terminating NUL included.</summary>
    public static int MaxPathBytes => OperatingSystem.IsLinux() ? 107 : 103;

    public string Path { get; }

    public UnixDomainSocketEndPoint EndPoint { get; }

    /// <summary>True for a path in Linux's abstract namespace (a leading '\0'): no file, so no permissions.</summary>
    public bool IsAbstract => Path[0] == '\0';

    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="ServerBindException">The path is too long for a Unix socket; the message gives the limit.</exception>
    public static UnixSocketFile For(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var length = Encoding.UTF8.GetByteCount(path);
        if (length > MaxPathBytes)
            throw new ServerBindException(path,
                $"the path is {length} bytes long, and a Unix socket path may have at most {MaxPathBytes} bytes on this platform (sun_path); choose a shorter one");
        return new UnixSocketFile(path);
    }

    /// <summary>Binds <paramref name="socket"/> to the path and gives the file <paramref name="mode"/>.</summary>
    /// <remarks>
    /// The permissions are set right after bind. A stream socket does not listen until <c>ServerActivate</c>, so no
    /// client can connect before then; a datagram socket could receive in that microsecond window if the process
    /// umask lets others write (the usual 022 does not).
    /// </remarks>
    /// <exception cref="ServerBindException">A live server holds the path, something other than a socket is there, or the bind failed.</exception>
    public void Bind(Socket socket, UnixFileMode mode, ILoggingAdapter log)
    {
        if (_bound && !IsAbstract)
            RemoveOwnFile();
        // A server resuming after a suspension still holds its lock.
        if (!IsAbstract && _lock is null)
            _lock = TakeLock(log);
        try
        {
            BindLocked(socket, mode, log);
        }
        catch
        {
            ReleaseLock();
            throw;
        }
    }

    private void BindLocked(Socket socket, UnixFileMode mode, ILoggingAdapter log)
    {
        try
        {
            socket.Bind(EndPoint);
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse && !IsAbstract)
        {
            TakeOverStale(socket.SocketType, e, log);
            try
            {
                socket.Bind(EndPoint);
            }
            catch (SocketException again)
            {
                throw BindError(again);
            }
        }
        catch (SocketException e)
        {
            throw BindError(e);
        }
        _bound = true;
        if (!IsAbstract && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path, mode);
    }

    /// <summary>A failed bind in a path's words: the kernel reports a missing folder as "address not available".</summary>
    private ServerBindException BindError(SocketException e)
    {
        var folder = IsAbstract ? null : System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        return e.SocketErrorCode switch
        {
            SocketError.AddressNotAvailable when folder is not null && !Directory.Exists(folder) =>
                new ServerBindException(Path, $"the folder {folder} does not exist", e),
            SocketError.AccessDenied when folder is not null =>
                new ServerBindException(Path, $"permission denied to create a socket file in {folder}", e),
            _ => ServerBindException.From(EndPoint, e),
        };
    }

    /// <summary>Removes the socket file if this server bound it, then lets go of the lock. Safe to call more than once.</summary>
    public void Remove(ILoggingAdapter log)
    {
        if (!_bound || IsAbstract)
            return;
        _bound = false;
        try
        {
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Warning("Could not remove the socket file {0}: {1}", Path, e.Message);
        }
        ReleaseLock();
    }

    private string LockPath => Path + ".lock";

    /// <summary>Removes the file this server bound before (suspended, it binds the path again, holding the lock
    /// throughout: the file is its own; .NET may have removed it as the old socket closed).</summary>
    private void RemoveOwnFile()
    {
        _bound = false;
        File.Delete(Path);
    }

    /// <summary>The errno .NET puts in the HResult when flock finds the lock taken: EWOULDBLOCK, 11 on Linux, 35 on the BSDs and macOS.</summary>
    private static int WouldBlock => OperatingSystem.IsLinux() ? 11 : 35;

    /// <summary>
    /// Takes <c>PATH.lock</c>, created owner-only. Null when the folder is missing (the bind that follows fails and says
    /// so in the path's words) or the lock file is not ours to open (another user made it first in a shared folder):
    /// the server then binds unguarded, and says so.
    /// </summary>
    /// <exception cref="ServerBindException">Another server holds the lock.</exception>
    private IDisposable? TakeLock(ILoggingAdapter log)
    {
        if (LockFileHandle.IsSupported)
            return TakeLockSafely(log);
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            // FileShare.None is an exclusive, non-blocking flock on Unix.
            return new FileStream(LockPath, options);
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        catch (UnauthorizedAccessException e)
        {
            log.Warning("Could not take the lock file {0} ({1}): binding {2} without it, so a server started on the same path at the same instant is not kept out",
                LockPath, e.Message, Path);
            return null;
        }
        catch (IOException e) when (e.HResult == WouldBlock)
        {
            throw new ServerBindException(Path, $"the socket file is in use by a live server (another server holds its lock file {LockPath})", e);
        }
        catch (IOException e)
        {
            throw new ServerBindException(Path, $"could not open its lock file {LockPath}: {e.Message}", e);
        }
    }

    private Microsoft.Win32.SafeHandles.SafeFileHandle? TakeLockSafely(ILoggingAdapter log)
    {
        switch (LockFileHandle.TryTake(LockPath, out var handle, out var refusal))
        {
            case LockOutcome.Taken:
                return handle;
            case LockOutcome.Held:
                throw new ServerBindException(Path, $"the socket file is in use by a live server (another server holds its lock file {LockPath})");
            case LockOutcome.Untrusted:
                log.Warning("Not trusting the lock file {0}: {1}. Binding {2} without it, and deciding from a probe whether a live server has the path",
                    LockPath, refusal, Path);
                return null;
            default:
                // A missing folder: the bind that follows fails and says so in the path's words.
                if (Directory.Exists(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))))
                    log.Warning("Could not take the lock file {0} ({1}): binding {2} without it, so a server started on the same path at the same instant is not kept out",
                        LockPath, refusal, Path);
                return null;
        }
    }

    /// <summary>Lets go of the lock, removing the lock file first where this server owns it (see <see cref="LockFileHandle"/>).</summary>
    private void ReleaseLock()
    {
        if (_lock is Microsoft.Win32.SafeHandles.SafeFileHandle held)
        {
            try
            {
                LockFileHandle.RemoveIfSame(LockPath, held);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The lock file stays; the next server takes it over as its own.
            }
        }
        _lock?.Dispose();
        _lock = null;
    }

    /// <summary>
    /// The path is taken. A socket file that nothing answers on was left by a server that died without removing it:
    /// remove it, and the caller binds again. Anything else is an error that leaves the path untouched.
    /// </summary>
    private void TakeOverStale(SocketType type, SocketException inUse, ILoggingAdapter log)
    {
        switch (UnixFileType.Of(Path))
        {
            case UnixFileKind.Missing:
                return;
            case UnixFileKind.Other:
                throw new ServerBindException(Path, "the path exists and is not a socket file; it was left untouched", inUse);
            case UnixFileKind.Unknown:
                throw new ServerBindException(Path, "the path exists, and this platform cannot tell a stale socket file from another file; remove it if no server uses it", inUse);
        }
        if (WhyLive(type) is { } reason)
            throw new ServerBindException(Path, $"the socket file is in use by a live server ({reason})", inUse);
        log.Warning("Removing the stale socket file {0}: nothing answers on it (a server stopped without removing it)", Path);
        File.Delete(Path);
    }

    /// <summary>Connects to the path (and closes at once): null when the kernel refuses, which only a socket file with
    /// no server bound to it does; otherwise why the file counts as live.</summary>
    private string? WhyLive(SocketType type)
    {
        using var probe = new Socket(AddressFamily.Unix, type, ProtocolType.Unspecified);
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            probe.ConnectAsync(EndPoint, timeout.Token).AsTask().GetAwaiter().GetResult();
            return "a connect to it succeeded";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ProtocolType)
        {
            return $"a server of the other socket type than {type} is bound to it";
        }
        catch (SocketException e)
        {
            return $"probing it failed with {e.SocketErrorCode}";
        }
        catch (OperationCanceledException)
        {
            return $"a connect to it did not complete within {ProbeTimeout.TotalSeconds:0} s";
        }
    }
}
