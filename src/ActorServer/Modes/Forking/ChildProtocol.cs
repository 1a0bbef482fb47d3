using System.Net;
using System.Net.Sockets;
using ActorServer.Actors;

namespace ActorServer.Modes.Forking;

/// <summary>
/// The messages between the server and a forked child, one SEQPACKET packet each. The request's socket travels
/// beside the request packet as an attached descriptor. For a request the child answers with its outcome, preceded,
/// when the server asked for it (it times Finish: <c>finish-timeout</c>), by a packet saying Finish has begun.
/// </summary>
internal static class ChildProtocol
{
    public const int MaxPacket = 256 * 1024;

    /// <summary>The largest datagram a request packet carries, leaving room for the header (the client address above all).</summary>
    public const int MaxDatagram = MaxPacket - 1024;

    private enum Tag : byte
    {
        Ready = 1,
        Request = 2,
        Completed = 3,
        Failed = 4,
        Finishing = 5,
        HandshakeFailed = 6,
    }

    /// <summary>What the parent sends with a request: how to rebuild it on the child's side, and whether to say when
    /// the handler's Finish begins, and the server's TLS settings as HOCON when the child is to run the handshake.</summary>
    public sealed record RequestHeader(bool IsDatagram, string? ClientAddress, byte[] Packet, bool ReportFinishing = false, string? Tls = null);

    /// <summary>What the child answers, with the bytes its request moved (for the server's status and metrics).</summary>
    public sealed record Reply(RequestPhase? FailedIn, bool ClientFault, string? ExceptionType, string? Message, string? StackTrace,
        string? HandshakeFailure = null)
    {
        public long BytesReceived { get; init; }

        public long BytesSent { get; init; }
    }

    /// <summary>The child's first message: which start it answers (the server may be starting several at once).</summary>
    public static byte[] Ready(int startId) => Write(w =>
    {
        w.Write((byte)Tag.Ready);
        w.Write(startId);
    });

    public static int ReadReady(ReadOnlySpan<byte> packet) =>
        Read(packet, r => (Tag)r.ReadByte() == Tag.Ready ? r.ReadInt32() : throw new InvalidDataException("expected a ready message"));

    public static byte[] Request(RequestHeader header) => Write(w =>
    {
        w.Write((byte)Tag.Request);
        w.Write(header.IsDatagram);
        w.Write(header.ClientAddress ?? string.Empty);
        w.Write(header.Packet.Length);
        w.Write(header.Packet);
        w.Write(header.ReportFinishing);
        w.Write(header.Tls ?? string.Empty);
    });

    public static RequestHeader ReadRequest(ReadOnlySpan<byte> packet) => Read(packet, r =>
    {
        if ((Tag)r.ReadByte() != Tag.Request)
            throw new InvalidDataException("expected a request message");
        var isDatagram = r.ReadBoolean();
        var address = r.ReadString();
        var packetBytes = r.ReadBytes(r.ReadInt32());
        var reportFinishing = r.ReadBoolean();
        var tls = r.ReadString();
        return new RequestHeader(isDatagram, address.Length == 0 ? null : address, packetBytes, reportFinishing, tls.Length == 0 ? null : tls);
    });

    /// <summary>The child's word that the handler's Finish has begun.</summary>
    public static byte[] Finishing() => [(byte)Tag.Finishing];

    public static bool IsFinishing(ReadOnlySpan<byte> packet) => packet is [(byte)Tag.Finishing];

    public static byte[] Outcome(RequestOutcome outcome, long bytesReceived, long bytesSent) => Write(w =>
    {
        var tag = outcome.HandshakeFailure is not null ? Tag.HandshakeFailed : outcome.Failure is null ? Tag.Completed : Tag.Failed;
        w.Write((byte)tag);
        w.Write(bytesReceived);
        w.Write(bytesSent);
        if (outcome.HandshakeFailure is { } handshake)
        {
            w.Write(handshake);
            return;
        }
        if (outcome.Failure is not { } failure)
            return;
        var cause = failure.InnerException ?? failure;
        w.Write((byte)failure.Phase);
        w.Write(ClientFault.Is(cause) || outcome.Cancelled);
        w.Write(cause.GetType().FullName ?? cause.GetType().Name);
        w.Write(cause.Message);
        w.Write(cause.ToString());
    });

    public static Reply ReadReply(ReadOnlySpan<byte> packet) => Read(packet, r =>
    {
        var tag = (Tag)r.ReadByte();
        if (tag is not (Tag.Completed or Tag.HandshakeFailed or Tag.Failed))
            throw new InvalidDataException($"unexpected message {tag} from a child");
        var (received, sent) = (r.ReadInt64(), r.ReadInt64());
        var reply = tag switch
        {
            Tag.Completed => new Reply(null, false, null, null, null),
            Tag.HandshakeFailed => new Reply(null, true, null, null, null, r.ReadString()),
            _ => new Reply((RequestPhase)r.ReadByte(), r.ReadBoolean(), r.ReadString(), r.ReadString(), r.ReadString()),
        };
        return reply with { BytesReceived = received, BytesSent = sent };
    });

    /// <summary>A client address as text that survives the crossing: "ip:port" or a Unix path.</summary>
    public static string? AddressText(EndPoint? address) => address switch
    {
        null => null,
        UnixDomainSocketEndPoint unix => "unix:" + unix,
        _ => address.ToString(),
    };

    public static EndPoint? ParseAddress(string? text) => text switch
    {
        null => null,
        "unix:" => null,
        _ when text.StartsWith("unix:", StringComparison.Ordinal) => new UnixDomainSocketEndPoint(text["unix:".Length..]),
        _ => IPEndPoint.Parse(text),
    };

    private static byte[] Write(Action<BinaryWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
            write(writer);
        return stream.ToArray();
    }

    private static T Read<T>(ReadOnlySpan<byte> packet, Func<BinaryReader, T> read)
    {
        using var reader = new BinaryReader(new MemoryStream(packet.ToArray()));
        return read(reader);
    }
}
