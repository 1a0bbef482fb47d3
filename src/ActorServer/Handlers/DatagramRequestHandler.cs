using System.Net.Sockets;
using ActorServer.Transport;

namespace ActorServer;

/// <summary>
/// A handler for datagram requests with file-like reads and writes: Python's <c>socketserver.DatagramRequestHandler</c>.
/// <see cref="BufferedRequestHandler.Rfile"/> (and <see cref="BufferedRequestHandler.ReadLineAsync"/>, …) read the packet;
/// what the handler writes to <see cref="BufferedRequestHandler.Wfile"/> (or with <see cref="BufferedRequestHandler.WriteAsync(string, CancellationToken)"/>)
/// is collected and sent back to <see cref="BaseRequestHandler.ClientAddress"/> as one datagram after <c>Finish</c>.
/// </summary>
/// <remarks>
/// Two deliberate differences from Python: nothing is sent when the handler wrote nothing (Python sends an empty
/// datagram), and nothing is sent when <c>Handle</c> or <c>Finish</c> threw (Python sends what was written so far).
/// <see cref="BufferedRequestHandler.FlushAsync"/> sends nothing early: the reply is one datagram.
/// </remarks>
public abstract class DatagramRequestHandler : BufferedRequestHandler
{
    private DatagramRequest? _datagram;
    private PacketChannel? _channel;

    /// <summary>Python's <c>self.packet</c>: the datagram's bytes.</summary>
    public ReadOnlyMemory<byte> Packet => Datagram.Packet;

    /// <summary>Python's <c>self.socket</c>: the server's socket, shared by every request; never close it.</summary>
    public Socket Socket => Datagram.Socket;

    private DatagramRequest Datagram =>
        _datagram ?? throw new InvalidOperationException("The handler has not been given a datagram yet; the server sets it before Setup.");

    private protected override void OnAttached(RequestContext context)
    {
        _datagram = context.Request as DatagramRequest
            ?? throw new InvalidOperationException("A datagram handler needs a datagram request: serve it with a UdpServer or UnixDatagramServer.");
        _channel = new PacketChannel(_datagram.Packet);
        // One read buffer the packet's size takes it whole; writes go straight into the reply.
        OpenFiles(_channel, readBufferSize: Math.Max(1, _datagram.Packet.Length), writeBufferSize: 0, timeout: null);
    }

    private protected override async ValueTask OnFinishedAsync(CancellationToken cancellationToken)
    {
        await base.OnFinishedAsync(cancellationToken).ConfigureAwait(false);
        if (_channel!.Reply.Length > 0)
            await Datagram.ReplyAsync(_channel.Reply, cancellationToken).ConfigureAwait(false);
    }

    private protected override void OnReleased()
    {
        base.OnReleased();
        _channel?.Dispose();
    }
}
