using System.Net;
using System.Net.Sockets;
using ActorServer.Transport;

namespace ActorServer;

/// <summary>An accepted stream connection: the request is the connected socket.</summary>
internal sealed class StreamRequest : AcceptedRequest
{
    private readonly Socket _socket;
    private readonly SocketServer? _server;
    private readonly SocketChannel _channel;

    /// <param name="server">The server whose <c>ShutdownRequest</c> and <c>CloseRequest</c> end the request; null in a
    /// forked child, which has no server object and ends it as Python's <c>TCPServer</c> does.</param>
    public StreamRequest(Socket socket, SocketServer? server = null)
    {
        _socket = socket;
        _server = server;
        _channel = new SocketChannel(socket);
        ClientAddress = ClientAddresses.Named(socket.RemoteEndPoint);
    }

    public override object Request => _socket;

    public override EndPoint? ClientAddress { get; }

    public override IDuplexChannel Channel => _channel;

    protected override long OwnBytesReceived => _channel.BytesReceived;

    protected override long OwnBytesSent => _channel.BytesSent;

    /// <summary>Python's <c>shutdown_request</c>: end our side of the stream (the client sees end of file), then close.</summary>
    protected override void OnClose()
    {
        if (_server is not null)
        {
            _server.InvokeShutdownRequest(_socket);
            return;
        }
        ShutdownSending(_socket);
        _socket.Close();
    }

    /// <summary>Ends the sending side, if the connection is still there to end.</summary>
    internal static void ShutdownSending(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The client is already gone, or the socket closed: closing is all that is left to do.
        }
    }

    protected override void OnAbort() => _socket.Close(0);

    public override System.Runtime.InteropServices.SafeHandle DescriptorForChild => _socket.SafeHandle;

    /// <summary>Closes only this process's descriptor (Python's parent calls <c>close_request</c> after <c>fork()</c>):
    /// the connection lives on in the child.</summary>
    protected override void OnHandOff()
    {
        if (_server is null)
            _socket.Dispose();
        else
            _server.InvokeCloseRequest(_socket);
    }
}
