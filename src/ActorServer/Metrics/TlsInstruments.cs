using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;

namespace ActorServer.Metrics;

/// <summary>
/// The TLS instruments of the <c>ActorServer</c> meter (<see cref="ServerMeter"/>), with Kestrel's names, unit and
/// attributes: the server's own (<see cref="Metrics.ServerTags"/>), <c>tls.protocol.version</c>, and <c>error.type</c> on
/// failure. In forking mode the handshake, and so its measurement, is the child's.
/// </summary>
internal static class TlsInstruments
{
    private static readonly Histogram<double> HandshakeDuration = ServerMeter.Meter.CreateHistogram<double>(
        "actorserver.tls_handshake.duration", unit: "s", description: "The duration of TLS handshakes on the server.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10] });

    private static readonly UpDownCounter<long> ActiveHandshakes = ServerMeter.Meter.CreateUpDownCounter<long>(
        "actorserver.active_tls_handshakes", unit: "{handshake}", description: "The number of TLS handshakes in progress on the server.");

    /// <summary>Counts one handshake in progress until its result is recorded.</summary>
    public static long Started(EndPoint? server)
    {
        if (ActiveHandshakes.Enabled)
            ActiveHandshakes.Add(1, ServerTags(server));
        return Stopwatch.GetTimestamp();
    }

    /// <param name="errorType">Null for a handshake that succeeded.</param>
    public static void Ended(EndPoint? server, long started, SslProtocols protocol, string? errorType)
    {
        var tags = ServerTags(server);
        if (ActiveHandshakes.Enabled)
            ActiveHandshakes.Add(-1, tags);
        if (!HandshakeDuration.Enabled)
            return;
        if (errorType is null)
            tags.Add("tls.protocol.version", ProtocolVersion(protocol));
        else
            tags.Add("error.type", errorType);
        HandshakeDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
    }

    private static TagList ServerTags(EndPoint? server) =>
        server is null ? default : new ServerTags(server, SocketType.Stream).List;

    private static string ProtocolVersion(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "1.3",
        SslProtocols.Tls12 => "1.2",
#pragma warning disable SYSLIB0039 // named only to report what was negotiated
        SslProtocols.Tls11 => "1.1",
        SslProtocols.Tls => "1.0",
#pragma warning restore SYSLIB0039
        _ => protocol.ToString(),
    };
}
