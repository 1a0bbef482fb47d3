using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Tests.Support;

/// <summary>A plain handler over Python's <c>(data, socket)</c> pair that answers through <see cref="DatagramRequest.ReplyAsync"/>,
/// after checking that the pair's socket is the server's own.</summary>
public sealed class PairHandler : BaseRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var request = (DatagramRequest)Request;
        var (data, socket) = request;
        var text = Encoding.UTF8.GetString(data.Span).Trim();
        var reply = ReferenceEquals(socket, Server.Socket) ? text.ToUpperInvariant() : "not the server's socket";
        await request.ReplyAsync(Encoding.UTF8.GetBytes(reply), cancellationToken);
    }
}

/// <summary>Reads one line of the packet and writes it back upper-cased.</summary>
public sealed class DatagramUpperCaseHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        await WriteAsync((line ?? string.Empty).ToUpperInvariant() + "\n", cancellationToken);
    }
}

/// <summary>Answers every line of the packet, one write per line: the writes must leave as one datagram.</summary>
public sealed class EveryLineHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        while (await ReadLineAsync(cancellationToken) is { } line)
            await WriteAsync($"{line.ToUpperInvariant()};", cancellationToken);
    }
}

/// <summary>The blocking surface: rfile through a StreamReader, wfile written in two parts.</summary>
public sealed class BlockingDatagramHandler : DatagramRequestHandler
{
    public override void Handle()
    {
        using var reader = new StreamReader(Rfile, leaveOpen: true);
        var text = reader.ReadToEnd();
        Wfile.Write(Encoding.UTF8.GetBytes("blocking:"));
        Write(text.ToUpperInvariant());
    }
}

/// <summary>Replies with the packet's length: for the max-packet-size boundary.</summary>
public sealed class PacketLengthHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await WriteAsync(Packet.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
}

/// <summary>Writes nothing for "quiet"; otherwise echoes upper-cased.</summary>
public sealed class QuietHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken);
        if (line != "quiet")
            await WriteAsync((line ?? string.Empty).ToUpperInvariant(), cancellationToken);
    }
}

/// <summary>"bounce PORT" sends a datagram from the server's socket to a loopback port nobody listens on, provoking an
/// ICMP port-unreachable; anything else is echoed upper-cased.</summary>
public sealed class BounceHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        var line = await ReadLineAsync(cancellationToken) ?? string.Empty;
        if (line.StartsWith("bounce ", StringComparison.Ordinal))
            await Socket.SendToAsync("nobody home"u8.ToArray(), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, int.Parse(line[7..])), cancellationToken);
        else
            await WriteAsync(line.ToUpperInvariant(), cancellationToken);
    }
}

/// <summary>Replies with the client's address as the handler saw it, "(null)" for none.</summary>
public sealed class DatagramWhoAmIHandler : DatagramRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken) =>
        await WriteAsync(ClientAddress?.ToString() ?? "(null)", cancellationToken);
}

/// <summary>Replies with the client's address as the handler saw it, "(null)" for none.</summary>
public sealed class StreamWhoAmIHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await ReadLineAsync(cancellationToken);
        await WriteAsync(ClientAddress?.ToString() ?? "(null)", cancellationToken);
    }
}
