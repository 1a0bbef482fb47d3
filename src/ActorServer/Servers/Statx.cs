using System.Runtime.InteropServices;

namespace ActorServer;

/// <summary>
/// Linux's <c>statx</c>, for what .NET does not tell about a path: a file's type, and the size Linux gives a
/// <c>/proc</c> directory. Its record has the same layout on every architecture, unlike <c>stat</c>'s.
/// </summary>
internal static unsafe partial class Statx
{
    public const int RecordSize = 256;
    public const int NoFollow = 0x100;
    public const uint TypeField = 0x1;
    public const uint SizeField = 0x200;
    public const int ModeOffset = 28;
    public const int SizeOffset = 40;
    private const int AtFdCwd = -100;
    private const int EmptyPath = 0x1000;

    /// <summary>
    /// Fills <paramref name="record"/> (at least <see cref="RecordSize"/> bytes) with the statx record of
    /// <paramref name="path"/>. False with the errno when it fails, or with 0 where there is no statx (not Linux, or a C
    /// library older than glibc 2.28).
    /// </summary>
    public static bool TryRead(string path, int flags, uint fields, Span<byte> record, out int error)
    {
        error = 0;
        if (!OperatingSystem.IsLinux())
            return false;
        try
        {
            fixed (byte* buffer = record[..RecordSize])
            {
                if (Call(AtFdCwd, path, flags, fields, buffer) == 0)
                    return true;
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
        error = Marshal.GetLastPInvokeError();
        return false;
    }

    /// <summary>As <see cref="TryRead"/>, for the file open as <paramref name="descriptor"/> (statx's AT_EMPTY_PATH).</summary>
    public static bool TryReadOpen(int descriptor, uint fields, Span<byte> record)
    {
        if (!OperatingSystem.IsLinux())
            return false;
        fixed (byte* buffer = record[..RecordSize])
            return Call(descriptor, string.Empty, EmptyPath, fields, buffer) == 0;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Call(int directory, string path, int flags, uint fields, byte* record);
}
