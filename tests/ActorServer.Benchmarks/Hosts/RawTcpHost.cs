using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Benchmarks.Scenarios;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// The practical limit: a plain async <see cref="Socket"/> server, written as a careful .NET developer would,
/// doing the same work as the others (an accept loop, one task per connection, one pooled buffer per connection).
/// </summary>
internal sealed class RawTcpHost : IBenchServer
{
    private readonly Socket _listener;
    private readonly Workload _workload;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private RawTcpHost(Socket listener, Workload workload)
    {
        _listener = listener;
        _workload = workload;
        _accepting = AcceptLoopAsync();
    }

    public EndPoint Address => _listener.LocalEndPoint!;

    public static RawTcpHost Start(Workload workload, int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(Work.Backlog);
        return new RawTcpHost(listener, workload);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await _listener.AcceptAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }
            _ = ServeAsync(connection);
        }
    }

    private async Task ServeAsync(Socket connection)
    {
        try
        {
            if (_workload == Workload.Echo)
                await EchoAsync(connection);
            else
                await UpperLineAsync(connection);
            connection.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A client that resets, or the server stopping: nothing to report in a benchmark.
        }
        finally
        {
            connection.Dispose();
        }
    }

    private async Task EchoAsync(Socket connection)
    {
        connection.NoDelay = true;
        var buffer = ArrayPool<byte>.Shared.Rent(Work.EchoBufferSize);
        try
        {
            var memory = buffer.AsMemory(0, Work.EchoBufferSize);
            int n;
            while ((n = await connection.ReceiveAsync(memory, SocketFlags.None, _stop.Token)) > 0)
                await connection.SendAsync(memory[..n], SocketFlags.None, _stop.Token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task UpperLineAsync(Socket connection)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1024);
        try
        {
            var total = 0;
            int newline;
            while ((newline = Array.IndexOf(buffer, (byte)'\n', 0, total)) < 0 && total < buffer.Length)
            {
                var n = await connection.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, _stop.Token);
                if (n == 0)
                    break;
                total += n;
            }
            var line = Encoding.UTF8.GetString(buffer, 0, newline < 0 ? total : newline);
            await connection.SendAsync(Encoding.UTF8.GetBytes(line.Trim().ToUpperInvariant() + "\n"), SocketFlags.None, _stop.Token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _accepting;
        _listener.Dispose();
        _stop.Dispose();
    }
}
