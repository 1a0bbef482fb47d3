using System.Net.Sockets;

namespace ActorServer;

/// <summary>SO_REUSEPORT, which .NET has no named option for.</summary>
internal static class ReusePort
{
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    public static void Enable(Socket socket)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("AllowReusePort (SO_REUSEPORT) is supported on Linux only.");
        socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
    }
}
