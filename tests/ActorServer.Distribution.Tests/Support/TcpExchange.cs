using System.Net.Sockets;
using System.Text;

namespace ActorServer.Distribution.Tests.Support;

/// <summary>One request as a plain client makes it: connect, send, read until the server closes.</summary>
public static class TcpExchange
{
    /// <summary>Connects to <paramref name="address"/> (<c>127.0.0.1:PORT</c>, as a <c>listening on</c> line gives it),
    /// sends <paramref name="request"/> and returns what the server sent before it closed, within <paramref name="patience"/>.</summary>
    public static async Task<string> RunAsync(string address, string request, TimeSpan patience)
    {
        var colon = address.LastIndexOf(':');
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(patience);
        await client.ConnectAsync(address[..colon], int.Parse(address[(colon + 1)..]), timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.UTF8.GetBytes(request), timeout.Token);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(timeout.Token);
    }
}
