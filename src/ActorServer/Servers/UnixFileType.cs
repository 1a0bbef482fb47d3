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
/// Uses Linux's <c>statx</c>; elsewhere the answer is Unknown.
/// </summary>
internal static class UnixFileType
{
    private const int TypeMask = 0xF000;
    private const int SocketType = 0xC000;
    private const int NoSuchFile = 2;

    public static UnixFileKind Of(string path)
    {
        if (!OperatingSystem.IsLinux())
            return UnixFileKind.Unknown;
        Span<byte> record = stackalloc byte[Statx.RecordSize];
        if (!Statx.TryRead(path, Statx.NoFollow, Statx.TypeField, record, out var error))
            return error == NoSuchFile ? UnixFileKind.Missing : UnixFileKind.Unknown;
        var mode = BitConverter.ToUInt16(record[Statx.ModeOffset..]);
        return (mode & TypeMask) == SocketType ? UnixFileKind.Socket : UnixFileKind.Other;
    }
}
