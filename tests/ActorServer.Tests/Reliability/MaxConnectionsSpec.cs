using System.Net.Sockets;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

public sealed class MaxConnectionsSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const int Limit = 4;
    private const int Clients = 40;

    /// <summary>Counts the requests in its handler and holds each one until the test opens the gate.</summary>
    private sealed class GatedHandler(InFlight inFlight) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            var line = await ReadLineAsync(ct);
            inFlight.Enter();
            try
            {
                await inFlight.Gate.Task.WaitAsync(ct);
                await WriteAsync(Reply(line ?? ""), ct);
            }
            finally
            {
                inFlight.Leave();
            }
        }
    }

    private sealed class InFlight(IActorRef probe)
    {
        private int _now;
        private int _most;

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Most => Volatile.Read(ref _most);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _now);
            int most;
            while (now > (most = Volatile.Read(ref _most)) && Interlocked.CompareExchange(ref _most, now, most) != most)
            {
            }
            probe.Tell("entered");
        }

        public void Leave() => Interlocked.Decrement(ref _now);
    }

    /// <summary>Long enough that a cut-off reply is visible: the client checks every byte.</summary>
    private static string Reply(string line) => line + ":" + new string('x', 4000) + "\n";

    private enum Outcome { Served, Refused }

    /// <summary>Served with the whole reply, or refused before any byte was exchanged; anything else fails the test.</summary>
    private static async Task<Outcome> Client(System.Net.EndPoint address, int n)
    {
        LineClient client;
        try
        {
            client = await LineClient.ConnectAsync(address);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            return Outcome.Refused;
        }
        using (client)
        {
            await client.SendAsync($"client-{n}\n");
            Assert.Equal(Reply($"client-{n}"), await client.ReadToEndAsync());
            return Outcome.Served;
        }
    }

    [Fact]
    public async Task A_flood_of_ten_times_max_connections_must_be_served_with_never_more_than_the_limit_in_flight()
    {
        var inFlight = new InFlight(TestActor);
        await using var server = new TcpServer(AnyLoopbackPort, () => new GatedHandler(inFlight), bindAndActivate: false, system: Sys);
        server.Mode = ServingMode.Threading;
        server.MaxConnections = Limit;
        server.RequestQueueSize = 64;
        server.ServerBind();
        server.ServerActivate();
        var serving = Serve(server);

        var clients = Enumerable.Range(0, Clients).Select(n => Task.Run(() => Client(server.ServerAddress, n))).ToArray();

        // The limit's worth of requests reach their handlers, and then no more while they are held.
        for (var i = 0; i < Limit; i++)
            await ExpectMsgAsync("entered");
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(500));

        inFlight.Gate.SetResult();
        var outcomes = await Task.WhenAll(clients).WaitAsync(TimeSpan.FromSeconds(60));

        var served = outcomes.Count(o => o == Outcome.Served);
        Output?.WriteLine($"clients {Clients}, served {served}, refused {Clients - served}, most in flight {inFlight.Most} (limit {Limit})");
        Assert.Equal(Limit, inFlight.Most);
        Assert.True(served >= Limit, $"only {served} clients were served");
        Assert.Equal(Reply("after"), await LineClient.RoundTripAsync(server.ServerAddress, "after"));
        Assert.False(serving.IsCompleted);
    }
}
