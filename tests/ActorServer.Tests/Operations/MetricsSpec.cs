using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Operations;

/// <summary>The <c>ActorServer</c> meter read by a <see cref="MeterListener"/>, as OpenTelemetry or dotnet-counters
/// would read it; measurements are kept only for this test's server (by its port), so parallel tests do not interfere.</summary>
public sealed class MetricsSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measured = new();
    private int _port = -1;

    private void Listen()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "ActorServer")
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Record(i, v, tags));
        _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Record(i, v, tags));
        _listener.Start();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var (key, tag) in tags)
            dictionary[key] = tag;
        if (dictionary.TryGetValue("server.port", out var port) && Equals(port, Volatile.Read(ref _port)))
            _measured.Enqueue((instrument.Name, value, dictionary));
    }

    private (string Instrument, double Value, Dictionary<string, object?> Tags)[] Of(string instrument) =>
        _measured.Where(m => m.Instrument == instrument).ToArray();

    [Fact]
    public async Task Every_instrument_must_be_measured_with_the_server_s_network_attributes()
    {
        Listen();
        await using var server = new TcpServer(AnyLoopbackPort, () => new LineEchoHandler(), bindAndActivate: false, system: Sys);
        server.Mode = ServingMode.Threading;
        server.MaxConnections = 1;
        server.ServerBind();
        server.ServerActivate();
        Volatile.Write(ref _port, ((IPEndPoint)server.ServerAddress).Port);
        _ = Serve(server);

        using (var client = await LineClient.ConnectAsync(server.ServerAddress))
        {
            await client.SendAsync("hello\n");
            Assert.Equal("HELLO", (await client.ReadLinesAsync(1))[0]);
            // One more waits at max-connections = 1: queued.
            using var waiting = await LineClient.ConnectAsync(server.ServerAddress);
            await AwaitAssertAsync(() =>
            {
                _listener.RecordObservableInstruments();
                Assert.Contains(Of("actorserver.queued_connections"), m => m.Value == 1);
            }, Patience);
            Assert.Contains(Of("actorserver.active_connections"), m => m.Value == 1);
            await client.SendAsync("boom\n");
            await client.ReadToEndAsync(resetEnds: true);
        }

        await AwaitAssertAsync(() =>
        {
            var failure = Assert.Single(Of("actorserver.handler_failures"));
            Assert.Equal("keep-serving", failure.Tags["actorserver.on_handler_error"]);
            Assert.Equal(typeof(InvalidOperationException).FullName, failure.Tags["error.type"]);
            var duration = Of("actorserver.connection.duration").First();
            Assert.Equal(typeof(InvalidOperationException).FullName, duration.Tags["error.type"]);
            Assert.InRange(duration.Value, 0, Patience.TotalSeconds);
        }, Patience);
        _listener.RecordObservableInstruments();
        var io = Of("actorserver.io");
        Assert.Contains(io, m => Equals(m.Tags["network.io.direction"], "receive") && m.Value >= "hello\nboom\n".Length);
        Assert.Contains(io, m => Equals(m.Tags["network.io.direction"], "transmit") && m.Value >= "HELLO\n".Length);
        foreach (var (_, _, tags) in _measured)
        {
            Assert.Equal("tcp", tags["network.transport"]);
            Assert.Equal("ipv4", tags["network.type"]);
            Assert.Equal("127.0.0.1", tags["server.address"]);
        }
    }

    [Fact]
    public async Task A_request_refused_by_VerifyRequest_must_count_as_a_rejected_connection()
    {
        Listen();
        await using var server = new RefusingServer(AnyLoopbackPort, Sys);
        Volatile.Write(ref _port, ((IPEndPoint)server.ServerAddress).Port);
        _ = Serve(server);

        using (var refused = await LineClient.ConnectAsync(server.ServerAddress))
            Assert.Equal("", await refused.ReadToEndAsync(resetEnds: true));

        await AwaitAssertAsync(() =>
        {
            var rejected = Assert.Single(Of("actorserver.rejected_connections"));
            Assert.Equal(("verify_request", 1.0), (rejected.Tags["error.type"], rejected.Value));
        }, Patience);
        _listener.RecordObservableInstruments();
        Assert.All(Of("actorserver.active_connections"), m => Assert.Equal(0, m.Value));
        Assert.NotEmpty(Of("actorserver.active_connections"));
    }

    protected override void AfterAll()
    {
        _listener.Dispose();
        base.AfterAll();
    }
}
