using System.Runtime.InteropServices;

namespace ActorServer;

/// <summary>Who this process runs as: what a lock file's owner and a Unix peer's credentials are checked against.</summary>
internal static partial class ProcessIdentity
{
    public static uint EffectiveUserId => OperatingSystem.IsWindows() ? 0 : GetEffectiveUser();

    public static uint EffectiveGroupId => OperatingSystem.IsWindows() ? 0 : GetEffectiveGroup();

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEffectiveUser();

    [LibraryImport("libc", EntryPoint = "getegid")]
    private static partial uint GetEffectiveGroup();
}
