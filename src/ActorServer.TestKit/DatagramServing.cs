using System.Net.Sockets;
using ActorServer.Actors;
using Akka.Streams;

namespace ActorServer.Testing;

/// <summary>
/// The server side of a <see cref="HandlerDatagramClient"/>: serves the datagrams that reach the server socket one at a
/// time, as a synchronous datagram server does: each by a new handler, over the same <see cref="DatagramRequest"/> a
/// server makes (an unbound Unix client's empty address becomes a null client address, as there). After each handler,
/// a <see cref="ReplyMarker"/> goes to the client, when it has an address.
/// </summary>
internal sealed class DatagramServing(DatagramSockets sockets, HandlerSource handlers, Type handlerType, IMaterializer? materializer, CancellationToken requestAborted)
{
    /// <summary>The largest UDP datagram, so that no handler ever sees a cut packet.</summary>
    private const int MaxDatagram = 65536;

    private readonly object _gate = new();
    private readonly List<TaskCompletionSource<HandlerOutcome>> _outcomes = [];
    private int _served;

    public ReplyMarker Marker { get; } = new();

    /// <summary>Why serving stopped before the client was disposed; null while it goes on.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Each sent datagram's handler outcome, in the order sent.</summary>
    public IReadOnlyList<Task<HandlerOutcome>> Outcomes
    {
        get
        {
            lock (_gate)
                return [.. _outcomes.Select(o => o.Task)];
        }
    }

    /// <summary>Called before each datagram is sent: the outcome its handler will have.</summary>
    public void Expect()
    {
        lock (_gate)
        {
            var outcome = NewOutcome();
            if (Failure is not null)
                outcome.TrySetException(Failure);
            _outcomes.Add(outcome);
        }
    }

    public async Task RunAsync(CancellationToken stop)
    {
        var buffer = new byte[MaxDatagram];
        try
        {
            while (true)
            {
                SocketReceiveFromResult received;
                try
                {
                    received = await sockets.Server.ReceiveFromAsync(buffer, SocketFlags.None, sockets.AnyClient, stop).ConfigureAwait(false);
                }
                catch (SocketException e) when (IsDeliveryError(e.SocketErrorCode))
                {
                    continue;   // an earlier datagram a handler sent elsewhere was not delivered: a server receives on, as DatagramServer does
                }
                var client = ClientAddresses.Named(received.RemoteEndPoint);
                var request = new DatagramRequest(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), sockets.Server, client);
                var context = new RequestContext(request, client, Server: null, Channel: null, requestAborted, Materializer: materializer);
                var outcome = await RequestPipeline.RunAsync(handlers.Next, handlerType, context).ConfigureAwait(false);
                var number = Serve(HandlerOutcome.From(outcome));
                if (client is not null)
                    await SendMarkerAsync(number, client, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            var broken = new InvalidOperationException(e is ObjectDisposedException
                ? "A handler closed the server's datagram socket: a handler must never close DatagramRequest.Socket, which every request shares."
                : $"The server's datagram socket failed ({e.Message}).", e);
            lock (_gate)
            {
                Failure = broken;
                foreach (var pending in _outcomes)
                    pending.TrySetException(broken);
            }
        }
    }

    /// <summary>A pending ICMP error about an earlier datagram is reported by the next call on the socket, a send
    /// included, and only once: the marker then goes on the second try.</summary>
    private async Task SendMarkerAsync(int number, System.Net.EndPoint client, CancellationToken stop)
    {
        try
        {
            await sockets.Server.SendToAsync(Marker.For(number), SocketFlags.None, client, stop).ConfigureAwait(false);
        }
        catch (SocketException e) when (IsDeliveryError(e.SocketErrorCode))
        {
            await sockets.Server.SendToAsync(Marker.For(number), SocketFlags.None, client, stop).ConfigureAwait(false);
        }
    }

    /// <summary>Records the outcome of the next datagram in order; returns its number (from 1).</summary>
    private int Serve(HandlerOutcome outcome)
    {
        lock (_gate)
        {
            if (_served == _outcomes.Count)
                _outcomes.Add(NewOutcome());   // a datagram the test did not send: served all the same, as a server would
            _outcomes[_served].TrySetResult(outcome);
            return ++_served;
        }
    }

    /// <summary>Errors a datagram socket reports on a receive for an ICMP error about an earlier send.</summary>
    private static bool IsDeliveryError(SocketError error) => error is SocketError.ConnectionReset or SocketError.ConnectionRefused
        or SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown;

    private static TaskCompletionSource<HandlerOutcome> NewOutcome() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
