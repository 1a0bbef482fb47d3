using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ActorServer.Tests.Support;

/// <summary>A loopback test client: connects, sends, and reads with a bound on every wait.</summary>
public sealed class LineClient : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private readonly Socket _socket;

    private LineClient(Socket socket) => _socket = socket;

    public Socket Socket => _socket;

    /// <summary>A client over a socket already connected (as another user, say).</summary>
    public static LineClient Over(Socket connected) => new(connected);

    public static async Task<LineClient> ConnectAsync(EndPoint address)
    {
        var family = address.AddressFamily;
        var socket = new Socket(family, SocketType.Stream, family == AddressFamily.Unix ? ProtocolType.Unspecified : ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(address, timeout.Token);
        return new LineClient(socket);
    }

    /// <summary>Connects, sends <paramref name="line"/> with a newline, and reads until the server closes.</summary>
    public static async Task<string> RoundTripAsync(EndPoint address, string line)
    {
        using var client = await ConnectAsync(address);
        await client.SendAsync(line + "\n");
        return await client.ReadToEndAsync();
    }

    public async Task SendAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), SocketFlags.None, timeout.Token);
    }

    public async Task SendAsync(byte[] data)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await _socket.SendAsync(data, SocketFlags.None, timeout.Token);
    }

    /// <summary>Reads until the server closes its side, failing after the patience bound.</summary>
    public Task<string> ReadToEndAsync() => ReadToEndAsync(resetEnds: false);

    /// <summary>Reads until the server closes its side, failing after the patience bound.</summary>
    /// <param name="resetEnds">Whether a reset ends the read like a graceful close, keeping what arrived before it
    /// (a connection the server aborted), instead of failing with a <see cref="SocketException"/>.</param>
    public async Task<string> ReadToEndAsync(bool resetEnds)
    {
        var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            int n;
            while ((n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                received.Write(buffer, 0, n);
        }
        catch (SocketException e) when (resetEnds && e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // Aborted by the server, or closed with our bytes unread: the kernel resets instead of ending the stream.
        }
        return Encoding.UTF8.GetString(received.ToArray());
    }

    /// <summary>Asserts the server abandoned the connection: it closes with a reset, not a graceful end.</summary>
    public async Task AssertResetAsync()
    {
        var error = await Assert.ThrowsAsync<SocketException>(ReadToEndAsync);
        Assert.Equal(SocketError.ConnectionReset, error.SocketErrorCode);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes as UTF-8.</summary>
    public async Task<string> ReadAsync(int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(Patience);
        var total = 0;
        while (total < count)
        {
            var n = await _socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, timeout.Token);
            if (n == 0)
                throw new EndOfStreamException($"server closed after {total} of {count} bytes");
            total += n;
        }
        return Encoding.UTF8.GetString(buffer);
    }

    /// <summary>Reads <paramref name="count"/> lines (without their <c>\n</c>), failing after the patience bound.</summary>
    public async Task<IReadOnlyList<string>> ReadLinesAsync(int count)
    {
        var text = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Patience);
        while (text.ToString().Count(c => c == '\n') < count)
        {
            var n = await _socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            if (n == 0)
                throw new EndOfStreamException($"server closed after \"{text}\"");
            text.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return text.ToString().Split('\n')[..count];
    }

    /// <summary>True if data (or the server's close) arrives within <paramref name="window"/>: a bounded negative check.</summary>
    public bool HasDataWithin(TimeSpan window) => _socket.Poll(window, SelectMode.SelectRead);

    /// <summary>Closes with a reset (SO_LINGER 0) instead of a graceful close.</summary>
    public void Reset()
    {
        _socket.LingerState = new LingerOption(true, 0);
        _socket.Close();
    }

    public void Dispose() => _socket.Dispose();
}
