using System.Runtime.InteropServices;

namespace ActorServer.Benchmarks.Servers;

/// <summary>
/// Raises this process's open-file limit (RLIMIT_NOFILE) so the idle scenario can hold 10,000 connections; the
/// server processes inherit it. The soft limit goes up to the hard one; as root the hard one can go up too.
/// </summary>
internal static class OpenFileLimit
{
    private const int RlimitNofile = 7; // Linux

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int getrlimit(int resource, out RLimit limit);

    [DllImport("libc", SetLastError = true)]
    private static extern int setrlimit(int resource, ref RLimit limit);

    /// <summary>Raises the limit towards <paramref name="wanted"/> and returns the soft limit now in force (null off Linux).</summary>
    public static ulong? Raise(ulong wanted)
    {
        if (!OperatingSystem.IsLinux() || getrlimit(RlimitNofile, out var limit) != 0)
            return null;
        if (limit.Current >= wanted)
            return limit.Current;
        var raised = new RLimit { Current = wanted, Maximum = Math.Max(wanted, limit.Maximum) };
        if (setrlimit(RlimitNofile, ref raised) == 0)
            return wanted;
        raised = new RLimit { Current = Math.Min(wanted, limit.Maximum), Maximum = limit.Maximum };
        return setrlimit(RlimitNofile, ref raised) == 0 ? raised.Current : limit.Current;
    }
}
