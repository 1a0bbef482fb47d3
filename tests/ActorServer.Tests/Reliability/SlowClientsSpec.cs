using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

public sealed class SlowClientsSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const int Slots = 4;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMilliseconds(800);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromMilliseconds(1500);
    private static readonly TimeSpan Trickle = TimeSpan.FromMilliseconds(250);

    /// <summary>Echoes one line upper-cased, with an idle timeout shorter than the request-timeout; reports each request.</summary>
    private sealed class ReportingHandler(IActorRef probe) : StreamRequestHandler
    {
        public ReportingHandler() : this(ActorRefs.Nobody)
        {
        }

        public override Task SetupAsync(CancellationToken ct)
        {
            Timeout = IdleTimeout;
            probe.Tell("setup");
            return Task.CompletedTask;
        }

        public override async Task HandleAsync(CancellationToken ct)
        {
            var line = await ReadLineAsync(ct);
            await WriteAsync((line ?? "").ToUpperInvariant() + "\n", ct);
        }
    }

    /// <summary>Sends one byte (never a newline) every <see cref="Trickle"/>, under the idle timeout, until the server
    /// closes; returns how long the server let it hold its connection. Blocking, on a thread of its own, so that a busy
    /// thread pool cannot stretch its pauses past the idle timeout.</summary>
    private static TimeSpan Slowloris(EndPoint address, CancellationToken giveUp)
    {
        using var client = LineClient.ConnectAsync(address).GetAwaiter().GetResult();
        var held = Stopwatch.StartNew();
        while (!giveUp.IsCancellationRequested)
        {
            try
            {
                client.Socket.Send("x"u8);
                // The pause between bytes is a bounded wait for the server's close, not a sleep.
                if (client.HasDataWithin(Trickle) && client.Socket.Receive(new byte[16]) == 0)
                    return held.Elapsed;
            }
            catch (SocketException)
            {
                return held.Elapsed;
            }
        }
        return held.Elapsed;
    }

    [Fact]
    public async Task Slowloris_clients_must_hold_their_slots_no_longer_than_the_request_timeout_while_others_are_served()
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new ReportingHandler(TestActor), bindAndActivate: false, system: Sys);
        server.Mode = ServingMode.Threading;
        server.MaxConnections = Slots;
        server.RequestTimeout = RequestTimeout;
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        TimeSpan[] slow = [];
        await EventFilter.Warning(contains: "passed the request-timeout of 1500 ms").ExpectAsync(Slots, async () =>
        {
            var trickling = Enumerable.Range(0, Slots).Select(_ => Task.Factory.StartNew(() => Slowloris(server.ServerAddress, giveUp.Token), TaskCreationOptions.LongRunning)).ToArray();
            for (var i = 0; i < Slots; i++)
                await ExpectMsgAsync("setup");

            // Every slot is held by a slow client: this one waits in the backlog until the request-timeout frees one.
            var waited = Stopwatch.StartNew();
            Assert.Equal("NORMAL\n", await LineClient.RoundTripAsync(server.ServerAddress, "normal"));
            Output?.WriteLine($"the normal client was served after {waited.ElapsedMilliseconds} ms");
            slow = await Task.WhenAll(trickling);
        }, TimeSpan.FromSeconds(20));

        Assert.False(giveUp.IsCancellationRequested, "a slow client was never disconnected");
        foreach (var held in slow)
        {
            Output?.WriteLine($"a slow client held its slot for {held.TotalMilliseconds:F0} ms");
            // From the client's connect returning: the server may accept (and start the request's clock) before the
            // client's continuation runs, and the scheduler's tick may fire a little early, so a few ms under the
            // timeout is the timeout; its close is seen at the next trickle. Without the request-timeout the client
            // would hold on until giveUp.
            Assert.InRange(held, RequestTimeout - TimeSpan.FromMilliseconds(100), RequestTimeout + TimeSpan.FromSeconds(2));
        }
    }
}
