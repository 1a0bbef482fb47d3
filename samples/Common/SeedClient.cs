using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Samples;

/// <summary>The seed's mix-in example client: connect, send a message, print what comes back.</summary>
public static class SeedClient
{
    public static async Task SendAsync(EndPoint address, string message)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(address);
        await socket.SendAsync(Encoding.ASCII.GetBytes(message), SocketFlags.None);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None);
        Console.WriteLine($"Received: {Encoding.ASCII.GetString(buffer, 0, received)}");
    }

    /// <summary>The rest of the seed's mix-in example: serve in the background, send three messages, shut down.</summary>
    public static async Task<int> ServeThreeClientsAsync(SocketServer server)
    {
        var serving = server.ServeForeverAsync();
        for (var i = 1; i <= 3; i++)
            await SendAsync(server.ServerAddress, $"Hello World {i}");
        await server.ShutdownAsync();
        await serving;
        return 0;
    }
}
