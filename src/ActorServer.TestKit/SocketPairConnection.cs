using System.Net;
using System.Net.Sockets;
using ActorServer.Transport;

namespace ActorServer.Testing;

/// <summary>
/// A real connection: a loopback TCP client connected to a listener of its own (port 0), the accepted side wrapped
/// as the very request a server's listener hands to its handler, closed and aborted as a server does.
/// </summary>
internal sealed class SocketPairConnection : IStreamConnection
{
    private readonly Socket _client;
    private readonly StreamRequest _request;

    private SocketPairConnection(Socket client, StreamRequest request)
    {
        _client = client;
        _request = request;
    }

    /// <summary>Connects a new pair; the listener is closed once its one connection is accepted.</summary>
    public static SocketPairConnection Open()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            client.Connect(listener.LocalEndPoint!);
            return new SocketPairConnection(client, new StreamRequest(listener.Accept()));
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public object Request => _request.Request;

    public IDuplexChannel Channel => _request.Channel;

    public EndPoint? PeerAddress => _request.ClientAddress;

    public int Available => _client.Available;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
            data = data[await _client.SendAsync(data, SocketFlags.None).ConfigureAwait(false)..];
    }

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        _client.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    /// <summary>A zero-byte receive: it completes when the socket is readable, and takes nothing.</summary>
    public async ValueTask WaitForDataAsync(CancellationToken cancellationToken) =>
        await _client.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken).ConfigureAwait(false);

    public void CompleteSending() => _client.Shutdown(SocketShutdown.Send);

    /// <summary>Closing with a zero linger sends a real RST.</summary>
    public void Reset()
    {
        _client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public void CloseRequest() => _request.Close();

    public void AbortRequest() => _request.Abort();

    public void Dispose()
    {
        _request.Abort();
        _client.Dispose();
    }
}
