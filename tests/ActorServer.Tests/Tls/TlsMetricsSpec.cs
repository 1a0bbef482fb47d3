using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Tls;

/// <summary>The TLS instruments of the ActorServer meter, read with a MeterListener.</summary>
public sealed class TlsMetricsSpec(ITestOutputHelper output) : TlsSpec(output)
{
    [Fact]
    public async Task A_tls_server_must_record_each_handshake_duration_with_its_protocol_or_its_error()
    {
        await using var server = Tcp<UpperLinesHandler>(s => s.Tls = ServerTls());
        var port = ((IPEndPoint)server.ServerAddress).Port;
        var handshakes = new ConcurrentQueue<(string? Version, string? Error)>();
        var active = new ConcurrentQueue<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ActorServer" && instrument.Name is "actorserver.tls_handshake.duration" or "actorserver.active_tls_handshakes")
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            if (Tag(tags, "server.port") is int p && p == port)
                handshakes.Enqueue((Tag(tags, "tls.protocol.version") as string, Tag(tags, "error.type") as string));
        });
        listener.SetMeasurementEventCallback<long>((_, change, tags, _) =>
        {
            if (Tag(tags, "server.port") is int p && p == port)
                active.Enqueue(change);
        });
        listener.Start();
        _ = Serve(server);

        Assert.Equal("HI", await TlsClient.AskOnceAsync(server.ServerAddress, Certificates.Authority, "hi"));
        using (var plain = await TlsServers.ConnectPlainAsync(server.ServerAddress))
        {
            await plain.SendAsync(Encoding.ASCII.GetBytes("plaintext\n"));
            await TlsServers.ReadUntilClosedAsync(plain);
        }

        await AwaitAssertAsync(() =>
        {
            Assert.Contains(handshakes, h => h is { Version: "1.3", Error: null });
            Assert.Contains(handshakes, h => h is { Version: null, Error: not null });
            Assert.Equal(0, active.Sum());
            Assert.Equal(2, active.Count(c => c == 1));
        }, TimeSpan.FromSeconds(10));
    }

    private static object? Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
                return tag.Value;
        }
        return null;
    }
}
