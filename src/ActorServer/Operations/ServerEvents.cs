using System.Net;
using Akka.Event;

namespace ActorServer;

/// <summary>
/// The event ids of a server's connection-level and operational log lines. Akka's logging has no event ids, so each line
/// starts with its id and name in brackets, then <c>server=NAME client=ADDRESS</c>: <c>[AS1001 accepted] server=echo
/// client=127.0.0.1:50312</c>. Grep for the id, or filter on it in a log pipeline. The table is in docs/operations.md.
/// Accepted and closed are Debug (one per request); client faults go through the server's rate-limited log.
/// </summary>
internal static class ServerEvents
{
    public const string Accepted = "[AS1001 accepted]";
    public const string Closed = "[AS1002 closed]";
    public const string Refused = "[AS1003 refused]";
    public const string TimedOut = "[AS1004 timed-out]";
    public const string Failed = "[AS1005 failed]";
    public const string ClientFault = "[AS1006 client-fault]";
    public const string Suspended = "[AS1101 suspended]";
    public const string Resumed = "[AS1102 resumed]";
    public const string LimitChanged = "[AS1103 max-connections]";
    public const string Gated = "[AS1104 admissions]";

    /// <summary>A request was accepted (Debug).</summary>
    public static void LogAccepted(ILoggingAdapter log, string server, EndPoint? client)
    {
        if (log.IsDebugEnabled)
            log.Debug(Accepted + " server={0} client={1}", server, HandlerFailedException.ClientText(client));
    }

    /// <summary>A request ended (Debug), with its age and bytes, and what ended it when it did not end normally.</summary>
    public static void LogClosed(ILoggingAdapter log, string server, AcceptedRequest request, string? errorType)
    {
        if (!log.IsDebugEnabled)
            return;
        log.Debug(Closed + " server={0} client={1} duration={2:0.###}s received={3} sent={4} error={5}", server,
            HandlerFailedException.ClientText(request.ClientAddress), System.Diagnostics.Stopwatch.GetElapsedTime(request.AcceptedAt).TotalSeconds,
            request.BytesReceived, request.BytesSent, errorType ?? "none");
    }
}
