using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorServer.Benchmarks.Load;

/// <summary>
/// Persistent connections that keep <c>window</c> messages in flight: a sender writes as many messages as the echoes
/// have made room for (one write, so a server sees several messages per read), a receiver counts the echoes back.
/// With small messages this is the pipelined test, with large ones the streaming test. At the end the sender
/// half-closes, the server echoes what is left and closes, and bytes sent must equal bytes received.
/// </summary>
internal static class WindowedEchoLoad
{
    public static async Task<LoadResult> RunAsync(IPEndPoint server, int connections, int messageSize, int window, LoadSettings settings)
    {
        using var setup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (sockets, failures, firstFailure) = await Loopback.ConnectManyAsync(server, connections, 64, noDelay: true, null, setup.Token);
        try
        {
            using var clock = settings.StartClock();
            var connectionsRun = sockets.Select(socket => new Connection(socket, messageSize, window, clock)).ToArray();
            await Task.WhenAll(connectionsRun.Select(c => Task.Run(c.RunAsync)));
            var result = LoadResult.Merge(clock.Measured, connectionsRun.Select(c => c.Tally));
            result.AddErrors(failures, firstFailure);
            var sent = connectionsRun.Sum(c => c.BytesSent);
            var received = connectionsRun.Sum(c => c.BytesReceived);
            result.Notes.Add(sent == received ? $"sent = received = {sent:N0} B" : $"MISMATCH: sent {sent:N0} B, received {received:N0} B");
            return result;
        }
        finally
        {
            sockets.ForEach(socket => socket.Dispose());
        }
    }

    private sealed class Connection(Socket socket, int messageSize, int window, LoadClock clock)
    {
        private readonly long[] _sentAt = new long[window];
        private readonly SemaphoreSlim _credits = new(0);
        private long _bytesSent;

        public LoadTally Tally { get; } = new();

        public long BytesSent => Volatile.Read(ref _bytesSent);

        public long BytesReceived { get; private set; }

        public async Task RunAsync()
        {
            var sending = Task.Run(SendAsync);
            try
            {
                await ReceiveAsync();
            }
            catch (Exception e)
            {
                Tally.Error(e);
            }
            try
            {
                await sending;
            }
            catch (Exception e)
            {
                Tally.Error(e);
            }
            if (BytesReceived != BytesSent)
                Tally.Error($"sent {BytesSent} bytes but received {BytesReceived}");
        }

        private async Task SendAsync()
        {
            var payload = new byte[messageSize * window];
            payload.AsSpan().Fill((byte)'p');
            long sentMessages = 0;
            var batch = window;
            try
            {
                while (clock.Running)
                {
                    var now = Stopwatch.GetTimestamp();
                    for (var i = 0; i < batch; i++)
                        Volatile.Write(ref _sentAt[(sentMessages + i) % window], now);
                    var data = payload.AsMemory(0, batch * messageSize);
                    while (!data.IsEmpty)
                    {
                        var n = await socket.SendAsync(data, SocketFlags.None, clock.Deadline);
                        data = data[n..];
                        Interlocked.Add(ref _bytesSent, n);
                    }
                    sentMessages += batch;
                    await _credits.WaitAsync(clock.Deadline);
                    batch = 1;
                    while (batch < window && _credits.Wait(0))
                        batch++;
                }
            }
            finally
            {
                // The server echoes what is in flight, sees the end of the stream and closes: the receiver's signal to stop.
                try
                {
                    socket.Shutdown(SocketShutdown.Send);
                }
                catch (SocketException)
                {
                }
            }
        }

        private async Task ReceiveAsync()
        {
            var buffer = new byte[Math.Max(64 * 1024, messageSize)];
            long completed = 0;
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, clock.Deadline)) > 0)
            {
                BytesReceived += n;
                var end = Stopwatch.GetTimestamp();
                var done = BytesReceived / messageSize;
                if (clock.InWindow(end))
                {
                    Tally.Bytes += n;
                    for (var m = completed; m < done; m++)
                        Tally.Latency.RecordSince(Volatile.Read(ref _sentAt[m % window]), end);
                    Tally.Operations += done - completed;
                }
                if (done > completed)
                    _credits.Release((int)(done - completed));
                completed = done;
            }
        }
    }
}
