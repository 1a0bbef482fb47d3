using System.Net;
using System.Net.Sockets;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>The practical limit for datagrams: one receive loop sending each datagram back to its sender.</summary>
internal sealed class RawUdpHost : IBenchServer
{
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;

    private RawUdpHost(Socket socket)
    {
        _socket = socket;
        _receiving = ReceiveLoopAsync();
    }

    public EndPoint Address => _socket.LocalEndPoint!;

    public static RawUdpHost Start(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return new RawUdpHost(socket);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                await _socket.SendToAsync(buffer.AsMemory(0, received.ReceivedBytes), SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                // ICMP port unreachable from a client that left: carry on.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _receiving;
        _socket.Dispose();
        _stop.Dispose();
    }
}
