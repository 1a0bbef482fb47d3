using System.Buffers.Binary;
using System.Security.Cryptography;

namespace ActorServer.Testing;

/// <summary>
/// The datagram the kit sends to the client after each handler has finished: a random prefix of this client's and the
/// request's number. Datagrams between two sockets of one machine arrive in the order sent, so once the client reads the
/// marker of request N it has every reply of handlers 1..N, and can count them exactly without waiting on a clock.
/// </summary>
internal sealed class ReplyMarker
{
    private readonly byte[] _prefix = RandomNumberGenerator.GetBytes(16);

    public byte[] For(int request)
    {
        var marker = new byte[_prefix.Length + sizeof(int)];
        _prefix.CopyTo(marker, 0);
        BinaryPrimitives.WriteInt32LittleEndian(marker.AsSpan(_prefix.Length), request);
        return marker;
    }

    /// <summary>True when <paramref name="datagram"/> is a marker; <paramref name="request"/> is then its request's number.</summary>
    public bool TryRead(ReadOnlySpan<byte> datagram, out int request)
    {
        request = 0;
        if (datagram.Length != _prefix.Length + sizeof(int) || !datagram.StartsWith(_prefix))
            return false;
        request = BinaryPrimitives.ReadInt32LittleEndian(datagram[_prefix.Length..]);
        return true;
    }
}
