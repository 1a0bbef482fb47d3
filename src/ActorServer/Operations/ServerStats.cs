using System.Diagnostics;
using ActorServer.Metrics;

namespace ActorServer;

/// <summary>
/// One server's counts since it was created and its live requests: what its <see cref="ServerStatus"/> and its
/// metrics report. The request supervisor and the connection actors write it (one increment per event, a short lock
/// as a request opens and closes, nothing per read or write: the transports count their own bytes); status requests and
/// metric collections read it from any thread.
/// </summary>
internal sealed class ServerStats(Func<int> listenBacklog)
{
    private readonly object _gate = new();
    private readonly HashSet<AcceptedRequest> _live = new(ReferenceEqualityComparer.Instance);
    private long _accepted;
    private long _refused;
    private long _failed;
    private long _timedOut;
    private long _closedReceived;
    private long _closedSent;
    private int _held;

    /// <summary>The server's metric attributes, set when it first serves (once its address is bound).</summary>
    public ServerTags? Tags { get; private set; }

    public long Accepted => Interlocked.Read(ref _accepted);

    public long Refused => Interlocked.Read(ref _refused);

    public long Failed => Interlocked.Read(ref _failed);

    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Requests held at the limit by the request supervisor, and the kernel's listen backlog.</summary>
    public int Queued => Volatile.Read(ref _held) + listenBacklog();

    public void BeginServing(ServerTags tags)
    {
        Tags = tags;
        ServerRegistry.Add(this);
    }

    public void EndServing() => ServerRegistry.Remove(this);

    public void CountAccepted() => Interlocked.Increment(ref _accepted);

    /// <param name="reason">Why, as <c>error.type</c>: <c>verify_request</c>, <c>peer_credentials</c>.</param>
    public void CountRefused(string reason)
    {
        Interlocked.Increment(ref _refused);
        if (Tags is { } tags)
            ServerMeter.RejectedConnections.Add(1, tags.With("error.type", reason));
    }

    public void CountFailed(HandlerErrorPolicy policy, string errorType)
    {
        Interlocked.Increment(ref _failed);
        if (Tags is { } tags)
            ServerMeter.HandlerFailures.Add(1, tags.With("actorserver.on_handler_error", PolicyName(policy), "error.type", errorType));
    }

    /// <summary>The policy as HOCON spells it, without a string made per failure.</summary>
    private static string PolicyName(HandlerErrorPolicy policy) => policy switch
    {
        HandlerErrorPolicy.KeepServing => "keep-serving",
        HandlerErrorPolicy.StopServer => "stop-server",
        HandlerErrorPolicy.Escalate => "escalate",
        HandlerErrorPolicy.RestartListener => "restart-listener",
        _ => policy.ToString(),
    };

    public void CountTimedOut() => Interlocked.Increment(ref _timedOut);

    public void SetHeld(int held) => Volatile.Write(ref _held, held);

    public void Opened(AcceptedRequest request)
    {
        lock (_gate)
            _live.Add(request);
    }

    /// <summary>Requests in flight, as the connection actors count them.</summary>
    public int Live
    {
        get
        {
            lock (_gate)
                return _live.Count;
        }
    }

    /// <param name="errorType">What ended it, as <c>error.type</c>; null for a normal end.</param>
    public void Closed(AcceptedRequest request, string? errorType)
    {
        lock (_gate)
        {
            if (!_live.Remove(request))
                return;
            _closedReceived += request.BytesReceived;
            _closedSent += request.BytesSent;
        }
        if (Tags is { } tags && ServerMeter.ConnectionDuration.Enabled)
        {
            var seconds = Stopwatch.GetElapsedTime(request.AcceptedAt).TotalSeconds;
            ServerMeter.ConnectionDuration.Record(seconds, errorType is null ? tags.List : tags.With("error.type", errorType));
        }
    }

    /// <summary>Bytes received and sent: those of the closed requests and the live ones so far.</summary>
    public (long Received, long Sent) Bytes()
    {
        lock (_gate)
        {
            var (received, sent) = (_closedReceived, _closedSent);
            foreach (var request in _live)
            {
                received += request.BytesReceived;
                sent += request.BytesSent;
            }
            return (received, sent);
        }
    }

    /// <summary>The server's status, with what only its actors know: its state, limits and count in flight.</summary>
    public ServerStatus Snapshot(SocketServer server, ServerState state, int maxConnections, int capacity, int? live)
    {
        var (received, sent) = Bytes();
        var connections = Connections();
        return new ServerStatus(server.Name, state, server.ServerAddress, maxConnections, capacity, live ?? connections.Count, Queued,
            Accepted, Refused, Failed, TimedOut, received, sent, [.. server.ActiveChildren], connections);
    }

    /// <summary>The live requests, oldest first.</summary>
    public IReadOnlyList<ConnectionStatus> Connections()
    {
        AcceptedRequest[] live;
        lock (_gate)
            live = [.. _live];
        return live.OrderBy(r => r.AcceptedAt)
            .Select(r => new ConnectionStatus(r.ClientAddress, Stopwatch.GetElapsedTime(r.AcceptedAt), r.BytesReceived, r.BytesSent))
            .ToArray();
    }
}
