using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace ActorServer.Transport;

/// <summary>A connected stream socket as an <see cref="IDuplexChannel"/>.</summary>
internal sealed class SocketChannel(Socket socket) : IDuplexChannel
{
    public Socket Socket { get; } = socket;

    public ValueTask WaitForDataAsync(CancellationToken cancellationToken)
    {
        var wait = Socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);
        if (!wait.IsCompletedSuccessfully)
            return AwaitAsync(wait);
        _ = wait.Result;
        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask AwaitAsync(ValueTask<int> wait) => await wait.ConfigureAwait(false);

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
