using System.Net.Sockets;

namespace ActorServer.Transport;

/// <summary>A connected stream socket as an <see cref="IDuplexChannel"/>. It counts the bytes it moves (for the server's
/// status and metrics): a long per direction, added to by the reading or writing thread, read from anywhere.</summary>
internal sealed class SocketChannel(Socket socket) : IDuplexChannel
{
    private readonly ZeroByteWait _wait = new();
    private long _received;
    private long _sent;
    private CountedSocketOperation? _pendingReceive;
    private CountedSocketOperation? _pendingSend;

    public Socket Socket { get; } = socket;

    public long BytesReceived => Interlocked.Read(ref _received);

    public long BytesSent => Interlocked.Read(ref _sent);

    public ValueTask WaitForDataAsync(CancellationToken cancellationToken) => _wait.WaitAsync(Socket, cancellationToken);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var receive = Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        return receive.IsCompletedSuccessfully ? new ValueTask<int>(Count(ref _received, receive.Result)) : PendingReceive.Wrap(receive);
    }

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var send = Socket.SendAsync(data, SocketFlags.None, cancellationToken);
        return send.IsCompletedSuccessfully ? new ValueTask<int>(Count(ref _sent, send.Result)) : PendingSend.Wrap(send);
    }

    // Made on first use: many requests never wait for a send, and a connection that only waits for data never needs either.
    private CountedSocketOperation PendingReceive => _pendingReceive ??= new CountedSocketOperation(n => Count(ref _received, n));

    private CountedSocketOperation PendingSend => _pendingSend ??= new CountedSocketOperation(n => Count(ref _sent, n));

    /// <summary>Counts bytes that crossed this socket decrypted (a TLS channel over it), in place of its own.</summary>
    public int CountReceived(int n) => Count(ref _received, n);

    /// <inheritdoc cref="CountReceived"/>
    public int CountSent(int n) => Count(ref _sent, n);

    private static int Count(ref long total, int n)
    {
        Interlocked.Add(ref total, n);
        return n;
    }

    public int Receive(Span<byte> buffer, TimeSpan? timeout)
    {
        Socket.ReceiveTimeout = ToSocketTimeout(timeout);
        try
        {
            return Count(ref _received, Socket.Receive(buffer, SocketFlags.None));
        }
        catch (SocketException e) when (IsTimeout(e, timeout))
        {
            throw new PeerTimeoutException("read", timeout!.Value);
        }
    }

    public int Send(ReadOnlySpan<byte> data, TimeSpan? timeout)
    {
        Socket.SendTimeout = ToSocketTimeout(timeout);
        try
        {
            return Count(ref _sent, Socket.Send(data, SocketFlags.None));
        }
        catch (SocketException e) when (IsTimeout(e, timeout))
        {
            throw new PeerTimeoutException("write", timeout!.Value);
        }
    }

    public void CompleteSending()
    {
        try
        {
            Socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
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

    private static bool IsTimeout(SocketException e, TimeSpan? timeout) =>
        timeout is not null && e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock;

    private static int ToSocketTimeout(TimeSpan? timeout) =>
        timeout is null ? 0 : Math.Max(1, (int)Math.Min(int.MaxValue, timeout.Value.TotalMilliseconds));
}
