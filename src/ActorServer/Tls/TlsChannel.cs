using System.Net.Security;
using System.Net.Sockets;
using ActorServer.Transport;

namespace ActorServer.Tls;

/// <summary>
/// An authenticated TLS connection as an <see cref="IDuplexChannel"/>: the byte-moving path of a TLS request, so the
/// buffered reader and writer, the blocking streams and a flow handler's stage all work over it unchanged. The bytes it
/// moves are counted, decrypted, in the request's own socket channel (the request's status reads them there).
/// </summary>
internal sealed class TlsChannel(SslStream stream, SocketChannel plain) : IDuplexChannel
{
    public SslStream Stream { get; } = stream;

    /// <summary>The connection underneath, for what only a socket has (the peer's credentials, a reset).</summary>
    public Socket Socket => plain.Socket;

    /// <summary>A zero-byte read: SslStream waits for a record without taking a buffer, as a socket does.</summary>
    public async ValueTask WaitForDataAsync(CancellationToken cancellationToken) =>
        await Stream.ReadAsync(Memory<byte>.Empty, cancellationToken).ConfigureAwait(false);

    public async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        plain.CountReceived(await Stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public async ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        await Stream.WriteAsync(data, cancellationToken).ConfigureAwait(false);
        return plain.CountSent(data.Length);
    }

    public int Receive(Span<byte> buffer, TimeSpan? timeout)
    {
        Stream.ReadTimeout = ToStreamTimeout(timeout);
        try
        {
            return plain.CountReceived(Stream.Read(buffer));
        }
        catch (IOException e) when (IsTimeout(e, timeout))
        {
            throw new PeerTimeoutException("read", timeout!.Value);
        }
    }

    public int Send(ReadOnlySpan<byte> data, TimeSpan? timeout)
    {
        Stream.WriteTimeout = ToStreamTimeout(timeout);
        try
        {
            Stream.Write(data);
            return plain.CountSent(data.Length);
        }
        catch (IOException e) when (IsTimeout(e, timeout))
        {
            throw new PeerTimeoutException("write", timeout!.Value);
        }
    }

    /// <summary>Sends TLS's close_notify, then ends the socket's sending side: the peer reads a clean end of stream.</summary>
    public void CompleteSending()
    {
        try
        {
            Stream.ShutdownAsync().Wait(TimeSpan.FromSeconds(1));
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or AggregateException or InvalidOperationException)
        {
            // Already closed or reset: the peer has its end of file, or its error, anyway.
        }
    }

    public void Reset()
    {
        try
        {
            Socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
            // Closed already.
        }
    }

    private static bool IsTimeout(IOException e, TimeSpan? timeout) =>
        timeout is not null && e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock };

    private static int ToStreamTimeout(TimeSpan? timeout) =>
        timeout is null ? Timeout.Infinite : Math.Max(1, (int)Math.Min(int.MaxValue, timeout.Value.TotalMilliseconds));
}
