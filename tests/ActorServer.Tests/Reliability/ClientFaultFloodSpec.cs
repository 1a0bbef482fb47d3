using ActorServer.Tests.Support;
using Akka.Event;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

/// <summary>A client that floods the server with faults cannot flood its log: warnings of one kind are rate-limited,
/// and every fault is still counted in a summary line.</summary>
public sealed class ClientFaultFloodSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task Warnings_of_one_kind_past_the_budget_must_be_counted_and_summarized_once_the_window_has_passed()
    {
        var clock = new ManualClock();
        var faults = new ClientFaultLog(Logging.GetLogger(Sys, "fault-flood"), clock);

        await EventFilter.Warning(contains: "a reset from client").ExpectAsync(ClientFaultLog.Budget, () =>
        {
            for (var i = 0; i < 25; i++)
                faults.Warning("client reset", "a reset from client {0}", i);
            return Task.CompletedTask;
        });
        // Another kind has its own budget.
        await EventFilter.Warning(contains: "an oversized datagram").ExpectOneAsync(() =>
        {
            faults.Warning("oversized datagram", "an oversized datagram");
            return Task.CompletedTask;
        });

        clock.Now += ClientFaultLog.Window.Ticks;
        await EventFilter.Warning(contains: "15 more warnings of kind \"client reset\" were not logged in 10 s").ExpectOneAsync(() =>
            EventFilter.Warning(contains: "a reset from client 25").ExpectOneAsync(() =>
            {
                faults.Warning("client reset", "a reset from client {0}", 25);
                return Task.CompletedTask;
            }));
    }

    [Fact]
    public async Task A_flood_of_oversized_datagrams_must_log_the_budget_and_then_one_line_with_the_rest_as_the_server_stops()
    {
        var server = new UdpServer<PacketLengthHandler>(AnyLoopbackPort, system: Sys) { MaxPacketSize = 100 };
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);
        const int flood = 30;

        await EventFilter.Warning(contains: "Dropped a datagram of 101 bytes").ExpectAsync(ClientFaultLog.Budget, async () =>
        {
            for (var i = 0; i < flood; i++)
                await client.SendAsync(new byte[101]);
            // One socket receives in order: once this is answered, every oversized datagram before it was dropped.
            await client.SendAsync(new byte[100]);
            Assert.Equal("100", await client.ReceiveAsync());
        });

        await EventFilter.Warning(contains: $"{flood - ClientFaultLog.Budget} more warnings of kind \"oversized datagram\" were not logged")
            .ExpectOneAsync(async () => await server.DisposeAsync());
    }

    [Fact]
    public async Task A_crowd_of_silent_clients_past_their_request_timeout_must_log_the_budget_and_then_one_line_with_the_rest()
    {
        const int crowd = 25;
        var server = new TcpServer<UpperCaseHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys)
        {
            Mode = ServingMode.Threading,
            RequestTimeout = TimeSpan.FromMilliseconds(300),
        };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);
        var clients = new List<LineClient>();

        await EventFilter.Warning(contains: "passed the request-timeout of 300 ms").ExpectAsync(ClientFaultLog.Budget, async () =>
        {
            for (var i = 0; i < crowd; i++)
                clients.Add(await LineClient.ConnectAsync(server.ServerAddress));
            // Every one of them is closed at its timeout, logged or not.
            foreach (var client in clients)
                Assert.Equal("", await client.ReadToEndAsync(resetEnds: true));
        });

        await EventFilter.Warning(contains: $"{crowd - ClientFaultLog.Budget} more warnings of kind \"request-timeout\" were not logged")
            .ExpectOneAsync(async () => await server.DisposeAsync());
        clients.ForEach(client => client.Dispose());
    }
}
