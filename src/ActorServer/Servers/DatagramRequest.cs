using System.Net;
using System.Net.Sockets;

namespace ActorServer;

/// <summary>
/// One datagram a datagram server received: Python's <c>(data, socket)</c> request pair, with the client's address and
/// a way to answer it. <c>var (packet, socket) = (DatagramRequest)Request;</c> reads as Python's
/// <c>data, socket = self.request</c>.
/// </summary>
public sealed class DatagramRequest
{
    private long _sent;

    internal DatagramRequest(ReadOnlyMemory<byte> packet, Socket socket, EndPoint? clientAddress)
    {
        Packet = packet;
        Socket = socket;
        ClientAddress = clientAddress;
    }

    /// <summary>The datagram's bytes, at most the server's <see cref="DatagramServer.MaxPacketSize"/>.</summary>
    public ReadOnlyMemory<byte> Packet { get; }

    /// <summary>The server's socket, shared by every request: reply with <c>SendTo</c> to <see cref="ClientAddress"/>, never close it.</summary>
    public Socket Socket { get; }

    /// <summary>Who sent the datagram; null for an unnamed Unix client (a socket bound to no path), which cannot be answered.</summary>
    public EndPoint? ClientAddress { get; }

    /// <summary>Bytes sent by <see cref="ReplyAsync"/> and <see cref="Reply"/> (for the server's status and metrics).</summary>
    internal long BytesSent => Interlocked.Read(ref _sent);

    /// <summary>Sends <paramref name="data"/> to <see cref="ClientAddress"/> as one datagram.</summary>
    /// <exception cref="IOException">The client cannot be answered: it is an unnamed Unix socket, or its socket is gone.
    /// A handler may let this escape: it is logged as the client's fault and never stops the server.</exception>
    public async ValueTask<int> ReplyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var client = ClientAddress ?? throw UndeliverableReplyException.Unnamed();
        try
        {
            var sent = await Socket.SendToAsync(data, SocketFlags.None, client, cancellationToken).ConfigureAwait(false);
            Interlocked.Add(ref _sent, sent);
            return sent;
        }
        catch (SocketException e) when (UndeliverableReplyException.MeansClientGone(e.SocketErrorCode))
        {
            throw UndeliverableReplyException.Gone(client, e);
        }
    }

    /// <summary>The blocking <see cref="ReplyAsync"/>.</summary>
    /// <exception cref="IOException">The client cannot be answered: it is an unnamed Unix socket, or its socket is gone.</exception>
    public int Reply(ReadOnlySpan<byte> data)
    {
        var client = ClientAddress ?? throw UndeliverableReplyException.Unnamed();
        try
        {
            var sent = Socket.SendTo(data, SocketFlags.None, client);
            Interlocked.Add(ref _sent, sent);
            return sent;
        }
        catch (SocketException e) when (UndeliverableReplyException.MeansClientGone(e.SocketErrorCode))
        {
            throw UndeliverableReplyException.Gone(client, e);
        }
    }

    /// <summary>Python's <c>data, socket = self.request</c>.</summary>
    public void Deconstruct(out ReadOnlyMemory<byte> packet, out Socket socket)
    {
        packet = Packet;
        socket = Socket;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Packet.Length}-byte datagram from {HandlerFailedException.ClientText(ClientAddress)}";
}
