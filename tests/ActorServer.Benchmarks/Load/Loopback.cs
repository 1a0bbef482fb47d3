using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorServer.Benchmarks.Load;

/// <summary>The load client's sockets: loopback only, every wait bounded by the run's deadline.</summary>
internal static class Loopback
{
    /// <summary>Refuses any address but 127.0.0.1 or ::1: this program never loads anything off the machine.</summary>
    public static IPEndPoint Require(EndPoint address) =>
        address is IPEndPoint ip && IPAddress.IsLoopback(ip.Address)
            ? ip
            : throw new InvalidOperationException($"the load client only connects to loopback addresses, not {address}");

    public static async Task<Socket> ConnectAsync(IPEndPoint server, bool noDelay, CancellationToken cancellationToken)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = noDelay };
        try
        {
            await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="count"/> connections, at most <paramref name="concurrency"/> at a time; failures are counted, not thrown.</summary>
    public static async Task<(List<Socket> Sockets, long Failures, string? FirstFailure)> ConnectManyAsync(
        IPEndPoint server, int count, int concurrency, bool noDelay, Func<Socket, Task>? greet, CancellationToken cancellationToken,
        LatencyHistogram? latency = null)
    {
        var sockets = new Socket?[count];
        long failures = 0;
        string? firstFailure = null;
        var next = -1;
        async Task Worker()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                Socket? socket = null;
                try
                {
                    var start = Stopwatch.GetTimestamp();
                    socket = await ConnectAsync(server, noDelay, cancellationToken).ConfigureAwait(false);
                    if (greet is not null)
                        await greet(socket).ConfigureAwait(false);
                    if (latency is not null)
                    {
                        var end = Stopwatch.GetTimestamp();
                        lock (latency)
                            latency.RecordSince(start, end);
                    }
                    sockets[i] = socket;
                }
                catch (Exception e)
                {
                    socket?.Dispose();
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, $"{e.GetType().Name}: {e.Message}", null);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(Worker))).ConfigureAwait(false);
        return ([.. sockets.OfType<Socket>()], failures, firstFailure);
    }

    /// <summary>Ends a connection politely (FIN, not RST), ignoring a peer that is already gone.</summary>
    public static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
        }
        socket.Dispose();
    }

    /// <summary>Sends <paramref name="data"/> and reads the same number of bytes back.</summary>
    public static async Task RoundTripAsync(Socket socket, ReadOnlyMemory<byte> data, Memory<byte> reply, CancellationToken cancellationToken)
    {
        await socket.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var total = 0;
        while (total < data.Length)
        {
            var n = await socket.ReceiveAsync(reply[total..data.Length], SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (n == 0)
                throw new EndOfStreamException($"server closed after {total} of {data.Length} echoed bytes");
            total += n;
        }
    }
}
