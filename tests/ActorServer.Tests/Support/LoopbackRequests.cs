using System.Net;
using System.Net.Sockets;

namespace ActorServer.Tests.Support;

/// <summary>
/// Real accepted requests for actor specs that drive the request supervisor or a connection actor by hand: a loopback
/// listening socket of the test's own (port 0), a client connected to it for each request, and the server side wrapped
/// as the <see cref="StreamRequest"/> a listener would have handed over. Disposing closes every socket it made.
/// </summary>
internal sealed class LoopbackRequests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _clients = [];
    private readonly List<AcceptedRequest> _requests = [];

    public LoopbackRequests()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
    }

    /// <summary>Connects a client and returns the accepted side as a request, with the client's socket.</summary>
    public async Task<(AcceptedRequest Request, Socket Client)> NextAsync()
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _clients.Add(client);
        var accepting = _listener.AcceptAsync();
        await client.ConnectAsync(_listener.LocalEndPoint!).WaitAsync(Patience);
        var request = new StreamRequest(await accepting.WaitAsync(Patience));
        _requests.Add(request);
        return (request, client);
    }

    /// <summary>True once the server side of <paramref name="client"/>'s connection has closed: the client reads the end
    /// of the stream, or a reset.</summary>
    public static async Task<bool> ClosedByServerAsync(Socket client)
    {
        var buffer = new byte[16];
        try
        {
            return await client.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(Patience) == 0;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset)
        {
            return true;
        }
    }

    public void Dispose()
    {
        foreach (var request in _requests)
            request.Abort();
        foreach (var client in _clients)
            client.Dispose();
        _listener.Dispose();
    }
}
