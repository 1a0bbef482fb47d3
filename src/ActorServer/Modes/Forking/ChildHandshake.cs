using System.Collections.Concurrent;
using System.Net.Sockets;
using Akka.Event;

namespace ActorServer.Modes.Forking;

/// <summary>The fork bridge's control socket side: each child connects back and says which start launched it.</summary>
internal static class ChildHandshake
{
    /// <summary>Takes each child's connection and matches it to the start that launched it.</summary>
    public static async Task AcceptAsync(Socket listener, ConcurrentDictionary<int, TaskCompletionSource<Socket>> starting, ILoggingAdapter log, CancellationToken closing)
    {
        var buffer = new byte[64];
        while (!closing.IsCancellationRequested)
        {
            Socket control;
            try
            {
                control = await listener.AcceptAsync(closing).ConfigureAwait(false);
            }
            catch (Exception) when (closing.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                log.Warning("Accepting a child's connection failed: {0}", e.Message);
                continue;
            }
            try
            {
                // A request packet carries a whole datagram: the default send buffer (wmem_default, 208 KiB on Linux)
                // would refuse the largest ones with EMSGSIZE. Linux doubles what it grants, up to 2 × wmem_max.
                control.SendBufferSize = ChildProtocol.MaxPacket;
                var length = await control.ReceiveAsync(buffer, SocketFlags.None, closing).ConfigureAwait(false);
                if (length > 0 && starting.TryGetValue(ChildProtocol.ReadReady(buffer.AsSpan(0, length)), out var start) && start.TrySetResult(control))
                    continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.Warning("A child's first message was unreadable: {0}", e.Message);
            }
            control.Dispose();
        }
    }
}
