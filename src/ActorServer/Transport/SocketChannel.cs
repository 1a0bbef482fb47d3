using System.Net.Sockets;

namespace ActorServer.Transport;

/// <summary>A connected stream socket as an <see cref="IDuplexChannel"/>.</summary>
internal sealed class SocketChannel(Socket socket) : IDuplexChannel
{
    public Socket Socket { get; } = socket;

    private readonly ZeroByteWait _wait = new();

    public ValueTask WaitForDataAsync(CancellationToken cancellationToken) => _wait.WaitAsync(Socket, cancellationToken);

    public ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Socket.SendAsync(data, SocketFlags.None, cancellationToken);

    public int Receive(Span<byte> buffer, TimeSpan? timeout)
    {
        Socket.ReceiveTimeout = ToSocketTimeout(timeout);
        try
        {
            return Socket.Receive(buffer, SocketFlags.None);
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
            return Socket.Send(data, SocketFlags.None);
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
