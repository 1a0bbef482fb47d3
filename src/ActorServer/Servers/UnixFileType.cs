using System.Runtime.InteropServices;

namespace ActorServer;

/// <summary>What lies at a path, as far as a Unix server's stale-file check needs to know.</summary>
internal enum UnixFileKind
{
    /// <summary>Nothing is there.</summary>
    Missing,

    /// <summary>A socket file (the path itself, not a symbolic link's target).</summary>
    Socket,

    /// <summary>Something else: a regular file, a directory, a symbolic link, a FIFO, …</summary>
    Other,

    /// <summary>This platform cannot tell.</summary>
    Unknown,
}

/// <summary>
/// Tells a socket file from any other file. .NET has no API for a file's type, and a connect to a regular file fails
/// exactly as one to a stale socket does (ECONNREFUSED), so without this check a server could delete a user's file.
/// Uses Linux's <c>statx</c>, whose struct layout is the same on every architecture; elsewhere the answer is Unknown.
/// </summary>
internal static class UnixFileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int StatxSize = 256;
    private const int TypeMask = 0xF000;
    private const int SocketType = 0xC000;
    private const int NoSuchFile = 2;

    public static UnixFileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux())
            return UnixFileKind.Unknown;
        var buffer = new byte[StatxSize];
        try
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
                return Marshal.GetLastPInvokeError() == NoSuchFile ? UnixFileKind.Missing : UnixFileKind.Unknown;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return UnixFileKind.Unknown;   // a C library older than statx (glibc 2.28)
        }
        var mode = BitConverter.ToUInt16(buffer, StatxModeOffset);
        return (mode & TypeMask) == SocketType ? UnixFileKind.Socket : UnixFileKind.Other;
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
