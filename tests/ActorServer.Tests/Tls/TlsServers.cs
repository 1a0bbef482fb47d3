using System.Net;
using System.Net.Sockets;

namespace ActorServer.Tests.Tls;

/// <summary>Test TLS servers on loopback and the raw clients that misbehave against them.</summary>
public static class TlsServers
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static TlsSettings Pem((string Certificate, string Key) files) => new() { Certificate = new() { Path = files.Certificate, KeyPath = files.Key } };

    /// <summary>Connects a plain TCP socket, which speaks no TLS unless told to.</summary>
    public static async Task<Socket> ConnectPlainAsync(EndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server);
        return socket;
    }

    /// <summary>Everything the server sends until it closes the connection (a reset counts as the end).</summary>
    public static async Task<byte[]> ReadUntilClosedAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                received.AddRange(buffer.AsSpan(0, read));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // The server dropped the connection.
        }
        return [.. received];
    }

    /// <summary>A ClientHello that offers TLS 1.1 and nothing newer (no supported_versions extension): written by hand,
    /// since the OS's OpenSSL may refuse to offer TLS 1.1 at all from an SslStream client.</summary>
    public static byte[] Tls11ClientHello()
    {
        byte[] body = [0x03, 0x02, .. new byte[32], 0x00, 0x00, 0x04, 0xc0, 0x13, 0x00, 0x2f, 0x01, 0x00];
        byte[] handshake = [0x01, 0x00, (byte)(body.Length >> 8), (byte)body.Length, .. body];
        return [0x16, 0x03, 0x01, (byte)(handshake.Length >> 8), (byte)handshake.Length, .. handshake];
    }
}
