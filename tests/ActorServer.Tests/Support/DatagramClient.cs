using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Tests.Support;

/// <summary>A datagram test client for UDP (IPv4 or IPv6 loopback) and Unix datagram servers, with a bound on every wait.</summary>
public sealed class DatagramClient : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;
    private readonly EndPoint _server;

    private DatagramClient(Socket socket, EndPoint server)
    {
        _socket = socket;
        _server = server;
    }

    /// <summary>The client's own address: a loopback port, a temp socket path, or empty for an unnamed Unix client.</summary>
    public EndPoint? LocalAddress => _socket.LocalEndPoint;

    public Socket Socket => _socket;

    /// <summary>A client of <paramref name="server"/>. A Unix client binds a temp path to get replies, unless <paramref name="named"/> is false.</summary>
    public static DatagramClient For(EndPoint server, bool named = true)
    {
        if (server.AddressFamily == AddressFamily.Unix)
        {
            var unix = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            if (named)
                unix.Bind(new UnixDomainSocketEndPoint(TempSocketPath.Next()));
            return new DatagramClient(unix, server);
        }
        var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(server.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        return new DatagramClient(socket, server);
    }

    /// <summary>Sends <paramref name="line"/> and a newline as one datagram, and returns the one datagram that comes back.</summary>
    public static async Task<string> RoundTripAsync(EndPoint server, string line)
    {
        using var client = For(server);
        await client.SendAsync(line + "\n");
        return await client.ReceiveAsync();
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] data)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendToAsync(data, SocketFlags.None, _server, timeout.Token);
    }

    /// <summary>The next datagram, as UTF-8; fails after the patience bound.</summary>
    public async Task<string> ReceiveAsync()
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(Patience);
        var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, n);
    }

    /// <summary>The next datagram, as UTF-8, and the address it came from.</summary>
    public async Task<(string Text, EndPoint From)> ReceiveFromAsync()
    {
        var buffer = new byte[65536];
        using var timeout = new CancellationTokenSource(Patience);
        var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _server, timeout.Token);
        return (Encoding.UTF8.GetString(buffer, 0, received.ReceivedBytes), received.RemoteEndPoint);
    }

    public void Dispose() => _socket.Dispose();
}
