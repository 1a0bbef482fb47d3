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

    /// <summary>Sends <paramref name="data"/> to <see cref="ClientAddress"/> as one datagram.</summary>
    /// <exception cref="InvalidOperationException">The client is an unnamed Unix socket: there is no address to reply to.</exception>
    public ValueTask<int> ReplyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        Socket.SendToAsync(data, SocketFlags.None, ReplyAddress, cancellationToken);

    /// <summary>The blocking <see cref="ReplyAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">The client is an unnamed Unix socket: there is no address to reply to.</exception>
    public int Reply(ReadOnlySpan<byte> data) => Socket.SendTo(data, SocketFlags.None, ReplyAddress);

    /// <summary>Python's <c>data, socket = self.request</c>.</summary>
    public void Deconstruct(out ReadOnlyMemory<byte> packet, out Socket socket)
    {
        packet = Packet;
        socket = Socket;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Packet.Length}-byte datagram from {HandlerFailedException.ClientText(ClientAddress)}";

    private EndPoint ReplyAddress => ClientAddress ?? throw new InvalidOperationException(
        "The datagram came from an unnamed Unix socket, which has no address to reply to: the client must bind its socket to a path to get replies.");
}
