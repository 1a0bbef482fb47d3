using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;

namespace ActorServer;

/// <summary>
/// A server of datagrams (UDP or Unix datagram): Python's <c>UDPServer</c> logic. Each datagram is one request, served
/// by a new handler whose <see cref="BaseRequestHandler.Request"/> is a <see cref="DatagramRequest"/>.
/// </summary>
/// <remarks>
/// A datagram larger than <see cref="MaxPacketSize"/> is dropped with a warning naming the client and both sizes; no
/// handler ever sees a truncated packet. A receive error caused by one client (an ICMP "port unreachable" for an
/// earlier reply, surfacing as a reset or refusal) is logged and the server goes on receiving.
/// </remarks>
public abstract class DatagramServer : SocketServer
{
    /// <summary>On Linux, MSG_TRUNC makes recvfrom report a datagram's real length even when the buffer is smaller,
    /// so the warning for an oversized datagram can say how large it was.</summary>
    private static readonly SocketFlags ReceiveFlags = OperatingSystem.IsLinux() ? SocketFlags.Truncated : SocketFlags.None;

    private readonly Socket _socket;
    private readonly EndPoint _anyClient;

    /// <summary>Creates the server around a new, unbound datagram socket.</summary>
    /// <param name="anyClient">An address of the socket's family, for receiving: the receive fills in the real sender.</param>
    private protected DatagramServer(EndPoint serverAddress, Socket socket, EndPoint anyClient, Type handlerType, Func<BaseRequestHandler> handlerFactory, ActorSystem? system, string? name)
        : base(serverAddress, HandlerActivator.ForKind(handlerType, datagrams: true), handlerFactory, system, name)
    {
        _socket = socket;
        _anyClient = anyClient;
    }

    /// <inheritdoc />
    public override Socket Socket => _socket;

    /// <summary>Python's <c>max_packet_size</c>: the largest datagram served, in bytes; a larger one is dropped with a
    /// warning. <b>Default:</b> from <c>actor-server.server-defaults.max-packet-size</c> (8192).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Less than 1.</exception>
    public int MaxPacketSize
    {
        get => CurrentSettings.MaxPacketSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Change(s => s with { MaxPacketSize = value });
        }
    }



    /// <summary>Python's <c>UDPServer.server_activate()</c>: nothing to do, a datagram socket does not listen.</summary>
    public override void ServerActivate()
    {
    }

    // Pooled: a receive that has to wait (the socket empty) would otherwise leave a state machine box per datagram.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    internal override async ValueTask<AcceptedRequest> AcceptRequestAsync(CancellationToken cancellationToken) =>
        new AcceptedDatagram(await GetRequestAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Python's <c>UDPServer.get_request()</c>: receives the next datagram that fits
    /// <see cref="MaxPacketSize"/> (a larger one is dropped and counted). Override to filter or transform datagrams.</summary>
    /// <remarks>Await its result once, as any <see cref="ValueTask{TResult}"/>: the state of a receive that waits is pooled.</remarks>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    protected virtual async ValueTask<DatagramRequest> GetRequestAsync(CancellationToken cancellationToken)
    {
        var max = MaxPacketSize;
        // One byte more than the limit tells a datagram of exactly the limit from a larger one cut down to fit.
        var buffer = ArrayPool<byte>.Shared.Rent(max + 1);
        try
        {
            while (true)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await _socket.ReceiveFromAsync(buffer.AsMemory(0, max + 1), ReceiveFlags, _anyClient, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.MessageSize)
                {
                    // Windows reports a datagram cut down to the buffer as an error, and does not say who sent it.
                    ClientFaults.Warning("oversized datagram", "Dropped a datagram of more than {0} bytes: larger than max-packet-size ({0} bytes)", max);
                    continue;
                }
                catch (SocketException e) when (IsDeliveryError(e.SocketErrorCode))
                {
                    ClientFaults.Warning("undeliverable datagram", "A receive on {0} failed with {1}: an earlier datagram to a client could not be delivered; serving goes on",
                        ServerAddress, e.SocketErrorCode);
                    continue;
                }
                var client = ClientAddresses.Named(received.RemoteEndPoint);
                if (received.ReceivedBytes > max)
                {
                    ClientFaults.Warning("oversized datagram", "Dropped a datagram of {0}{1} bytes from {2}: larger than max-packet-size ({3} bytes)",
                        ReceiveFlags.HasFlag(SocketFlags.Truncated) ? string.Empty : "more than ",
                        ReceiveFlags.HasFlag(SocketFlags.Truncated) ? received.ReceivedBytes : max,
                        HandlerFailedException.ClientText(client), max);
                    continue;
                }
                // The rented buffer goes back at once; the request keeps only a copy of the packet's own bytes.
                var packet = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
                return new DatagramRequest(packet, _socket, client);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Errors a datagram socket reports on a receive for an ICMP error about an earlier send: one client's
    /// trouble, not the server's.</summary>
    private static bool IsDeliveryError(SocketError error) => error is SocketError.ConnectionReset or SocketError.ConnectionRefused
        or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown;
}
