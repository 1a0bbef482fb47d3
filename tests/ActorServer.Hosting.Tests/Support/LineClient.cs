using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Hosting.Tests.Support;

/// <summary>A loopback client with a bound on every wait.</summary>
public sealed class LineClient : IDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly Socket _socket;

    private LineClient(Socket socket) => _socket = socket;

    public static async Task<LineClient> ConnectAsync(EndPoint address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(address, timeout.Token);
        return new LineClient(socket);
    }

    public static async Task<string> RoundTripAsync(EndPoint address, string line)
    {
        using var client = await ConnectAsync(address);
        await client.SendAsync(line + "\n");
        return await client.ReadToEndAsync();
    }

    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, timeout.Token);
    }

    public async Task<string> ReadToEndAsync()
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Patience);
        int n;
        while ((n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            received.Write(buffer, 0, n);
        return Encoding.UTF8.GetString(received.ToArray());
    }

    public void Dispose() => _socket.Dispose();
}
