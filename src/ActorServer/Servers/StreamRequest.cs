using System.Net;
using System.Net.Sockets;
using ActorServer.Transport;

namespace ActorServer;

/// <summary>An accepted stream connection: the request is the connected socket.</summary>
internal sealed class StreamRequest : AcceptedRequest
{
    private readonly Socket _socket;

    public StreamRequest(Socket socket)
    {
        _socket = socket;
        Channel = new SocketChannel(socket);
        ClientAddress = ClientAddresses.Named(socket.RemoteEndPoint);
    }

    public override object Request => _socket;

    public override EndPoint? ClientAddress { get; }

    public override IDuplexChannel Channel { get; }

    /// <summary>Python's <c>shutdown_request</c>: end our side of the stream (the client sees end of file), then close.</summary>
    protected override void OnClose()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The client is already gone; closing is all that is left to do.
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        _socket.Close();
    }

    protected override void OnAbort() => _socket.Close(0);

    public override System.Runtime.InteropServices.SafeHandle DescriptorForChild => _socket.SafeHandle;

    /// <summary>Closes only this process's descriptor: the connection lives on in the child.</summary>
    protected override void OnHandOff() => _socket.Dispose();
}
