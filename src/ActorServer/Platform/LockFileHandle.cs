using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ActorServer;

/// <summary>
/// A Unix socket's lock file, opened the way a file in a folder others can write to must be (Linux): never through a
/// symbolic link (<c>O_NOFOLLOW</c>), created owner-only, trusted only when its owner is this process's user, locked with
/// <c>flock</c>, and removed by its holder on close. Removing it is safe because whoever takes the lock then checks that
/// the file it locked is still the one at the path (a file unlinked meanwhile is no lock), and tries again.
/// </summary>
internal static partial class LockFileHandle
{
    private const int ReadWrite = 2;
    private const int Create = 0x40;
    private const int CloseOnExec = 0x80000;
    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;
    private const int SymbolicLinkLoop = 40;
    private const int WouldBlock = 11;
    private const int OwnerOffset = 20;
    private const int InodeOffset = 32;
    private const int DeviceOffset = 136;
    private const uint BasicFields = 0x7ff;

    /// <summary>O_NOFOLLOW's value differs between the kernel's architectures.</summary>
    private static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>Where this platform can open a lock file this way: Linux.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Opens and locks <paramref name="path"/>; says why not in <paramref name="refusal"/>.</summary>
    public static LockOutcome TryTake(string path, out SafeFileHandle? handle, out string refusal)
    {
        handle = null;
        refusal = string.Empty;
        Span<byte> locked = stackalloc byte[Statx.RecordSize];
        Span<byte> atPath = stackalloc byte[Statx.RecordSize];
        // A holder removes the file as it lets go: one that locked an unlinked file tries again, a few times at most.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var fd = Open(path, ReadWrite | Create | NoFollow | CloseOnExec, 0b110_000_000);
            if (fd < 0)
            {
                var error = Marshal.GetLastPInvokeError();
                refusal = error == SymbolicLinkLoop ? "it is a symbolic link" : $"it cannot be opened (errno {error})";
                return error == SymbolicLinkLoop ? LockOutcome.Untrusted : LockOutcome.Unavailable;
            }
            var candidate = new SafeFileHandle(fd, ownsHandle: true);
            if (!Statx.TryReadOpen(fd, BasicFields, locked))
            {
                candidate.Dispose();
                refusal = "its owner cannot be read";
                return LockOutcome.Unavailable;
            }
            var owner = BitConverter.ToUInt32(locked[OwnerOffset..]);
            if (owner != ProcessIdentity.EffectiveUserId)
            {
                candidate.Dispose();
                refusal = $"it belongs to user {owner}, not to this server's user {ProcessIdentity.EffectiveUserId}";
                return LockOutcome.Untrusted;
            }
            if (Flock(fd, LockExclusive | LockNonBlocking) != 0)
            {
                var error = Marshal.GetLastPInvokeError();
                candidate.Dispose();
                refusal = error == WouldBlock ? "another server holds it" : $"it cannot be locked (errno {error})";
                return error == WouldBlock ? LockOutcome.Held : LockOutcome.Unavailable;
            }
            if (Statx.TryRead(path, Statx.NoFollow, BasicFields, atPath, out _) && SameFile(locked, atPath))
            {
                handle = candidate;
                return LockOutcome.Taken;
            }
            candidate.Dispose();
        }
        refusal = "it kept being replaced while this server took it";
        return LockOutcome.Unavailable;
    }

    /// <summary>Removes the lock file at <paramref name="path"/> if it is still the one <paramref name="handle"/> locked
    /// (never a file put there since), while the lock is held; the caller then closes the handle.</summary>
    public static void RemoveIfSame(string path, SafeFileHandle handle)
    {
        Span<byte> locked = stackalloc byte[Statx.RecordSize];
        Span<byte> atPath = stackalloc byte[Statx.RecordSize];
        if (Statx.TryReadOpen((int)handle.DangerousGetHandle(), BasicFields, locked) && Statx.TryRead(path, Statx.NoFollow, BasicFields, atPath, out _) && SameFile(locked, atPath))
            File.Delete(path);
    }

    private static bool SameFile(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b) =>
        a.Slice(InodeOffset, 8).SequenceEqual(b.Slice(InodeOffset, 8)) && a.Slice(DeviceOffset, 8).SequenceEqual(b.Slice(DeviceOffset, 8));

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);
}

/// <summary>How taking a lock file went.</summary>
internal enum LockOutcome
{
    /// <summary>Locked: this server holds it.</summary>
    Taken,

    /// <summary>Another server holds it.</summary>
    Held,

    /// <summary>A symbolic link, or a file another user owns: proof of nothing, and never opened through.</summary>
    Untrusted,

    /// <summary>It could not be opened for another reason (a missing folder, say).</summary>
    Unavailable,
}
