using System.Runtime.InteropServices;

namespace ActorServer;

/// <summary>
/// How many more file descriptors this process may open: its soft <c>RLIMIT_NOFILE</c> minus those open. Known on
/// 64-bit Linux 6.2 and later, which give the count of open descriptors as the size of <c>/proc/self/fd</c> (one
/// statx, no descriptor needed and no listing, so it is cheap enough for every accept and works with none left).
/// </summary>
internal static partial class ProcessDescriptors
{
    private const string OpenDescriptors = "/proc/self/fd";
    private const int LimitOfOpenFiles = 7;   // RLIMIT_NOFILE on every Linux architecture .NET runs on

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Soft;
        public ulong Hard;
    }

    /// <summary>The descriptors still free, or null where that is not known (an older kernel reports a size of 0).</summary>
    public static int? Free()
    {
        if (!Environment.Is64BitProcess)
            return null;
        Span<byte> record = stackalloc byte[Statx.RecordSize];
        if (!Statx.TryRead(OpenDescriptors, 0, Statx.SizeField, record, out _))
            return null;
        var open = MemoryMarshal.Read<long>(record[Statx.SizeOffset..]);
        if (open <= 0 || GetResourceLimit(LimitOfOpenFiles, out var limit) != 0)
            return null;
        return (int)Math.Clamp((long)Math.Min(limit.Soft, long.MaxValue) - open, 0, int.MaxValue);
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetResourceLimit(int resource, out ResourceLimit limit);
}
