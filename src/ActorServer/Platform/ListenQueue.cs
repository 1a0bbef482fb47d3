using System.Net.Sockets;

namespace ActorServer;

/// <summary>How many connections the kernel has completed on a listening TCP socket that no accept has taken yet: the
/// clients waiting at <c>max-connections</c>. Linux reports it in <c>TCP_INFO</c> of the listening socket
/// (<c>tcpi_unacked</c> is the accept queue's length there); elsewhere it reads as 0.</summary>
internal static class ListenQueue
{
    private const int IpProtoTcp = 6;
    private const int TcpInfo = 11;

    /// <summary>The offset of <c>tcpi_unacked</c> in <c>struct tcp_info</c>: eight one-byte fields, then four u32s.</summary>
    private const int UnackedOffset = 24;

    public static int Length(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
            return 0;
        Span<byte> info = stackalloc byte[UnackedOffset + 4];
        try
        {
            var length = socket.GetRawSocketOption(IpProtoTcp, TcpInfo, info);
            return length >= UnackedOffset + 4 && info[0] == ListenState ? BitConverter.ToInt32(info[UnackedOffset..]) : 0;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Closed (suspended, or closing) or not listening: nothing waits on it.
            return 0;
        }
    }

    /// <summary>TCP_LISTEN in <c>tcpi_state</c>: the aliased meaning of <c>tcpi_unacked</c> holds only for a listener.</summary>
    private const byte ListenState = 10;
}
