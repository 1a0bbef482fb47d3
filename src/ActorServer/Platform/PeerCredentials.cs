using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace ActorServer;

/// <summary>
/// The process at the other end of a Unix stream connection, as the kernel recorded it when that process connected
/// (Linux's <c>SO_PEERCRED</c>): no client can forge it. Available to <see cref="SocketServer.VerifyRequest"/> through
/// <see cref="Of(Socket)"/> on the request, and to handlers as <see cref="BaseRequestHandler.PeerCredentials"/>.
/// </summary>
/// <param name="ProcessId">The connecting process's id (0 when it is in another PID namespace).</param>
/// <param name="UserId">Its effective user id when it connected.</param>
/// <param name="GroupId">Its effective group id when it connected.</param>
public sealed record PeerCredentials(int ProcessId, uint UserId, uint GroupId)
{
    private const int SolSocket = 1;
    private const int SoPeerCred = 17;
    private const int UcredSize = 12;

    /// <summary>The credentials of <paramref name="socket"/>'s peer; null unless it is a connected Unix stream socket on
    /// Linux (TCP and datagram sockets carry none).</summary>
    public static PeerCredentials? Of(Socket socket)
    {
        ArgumentNullException.ThrowIfNull(socket);
        if (!OperatingSystem.IsLinux() || socket.AddressFamily != AddressFamily.Unix || socket.SocketType != SocketType.Stream)
            return null;
        Span<byte> ucred = stackalloc byte[UcredSize];
        try
        {
            if (socket.GetRawSocketOption(SolSocket, SoPeerCred, ucred) < UcredSize)
                return null;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return null;
        }
        // struct ucred { pid_t pid; uid_t uid; gid_t gid; }, in the machine's byte order.
        return new PeerCredentials(MemoryMarshal.Read<int>(ucred), MemoryMarshal.Read<uint>(ucred[4..]), MemoryMarshal.Read<uint>(ucred[8..]));
    }

    /// <inheritdoc />
    public override string ToString() => $"pid {ProcessId}, uid {UserId}, gid {GroupId}";
}
