namespace ActorServer;

/// <summary>
/// <c>socket-file-mode</c> for a socket in Linux's abstract namespace, which has no file whose permissions could keep
/// anyone out. A stream server applies the mode to each peer's credentials instead, as the kernel would apply it to a
/// file the server owns: connecting needs write permission, root passes, owner and group are the server's. A datagram
/// sender carries no credentials, so an abstract datagram server must be open to all, and say so in its mode.
/// </summary>
internal static class AbstractSocketAccess
{
    private const UnixFileMode AnyWrite = UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>Why <paramref name="peer"/> may not connect under <paramref name="mode"/>, or null when it may.</summary>
    public static string? Refusal(PeerCredentials? peer, UnixFileMode mode)
    {
        if ((mode & UnixFileMode.OtherWrite) != 0)
            return null;
        if (peer is null)
            return $"its credentials are unknown, and socket-file-mode {SettingFormats.OctalText(mode)} admits only the server's user{(GroupAdmitted(mode) ? " and group" : "")}";
        if (peer.UserId == 0)
            return null;
        if ((mode & UnixFileMode.UserWrite) != 0 && peer.UserId == ProcessIdentity.EffectiveUserId)
            return null;
        if (GroupAdmitted(mode) && peer.GroupId == ProcessIdentity.EffectiveGroupId)
            return null;
        return $"peer {peer} is not admitted by socket-file-mode {SettingFormats.OctalText(mode)} (the server runs as uid {ProcessIdentity.EffectiveUserId}, gid {ProcessIdentity.EffectiveGroupId})";
    }

    /// <summary>Why an abstract datagram server cannot serve with <paramref name="mode"/>, or null when it can.</summary>
    public static string? DatagramRefusal(UnixFileMode mode) => (mode & AnyWrite) == AnyWrite
        ? null
        : $"an abstract Unix datagram socket has no file to give this mode, and its senders carry no credentials to check, so any local user could send to it; " +
          "bind a path in a folder only the server's users can enter, or set socket-file-mode = \"0666\" to accept every local user knowingly";

    private static bool GroupAdmitted(UnixFileMode mode) => (mode & UnixFileMode.GroupWrite) != 0;
}
