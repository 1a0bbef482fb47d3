using System.Net;
using System.Net.Sockets;
using ActorServer.Cluster.Tests.Support;
using ActorServer.Hosting.Tests.Support;
using ActorServer.Tests.Support;

namespace ActorServer.Cluster.Tests;

/// <summary>Requests served by remote workers: the front node keeps the socket, the handler runs on a worker, and the
/// reply names the worker's port.</summary>
public sealed class RemoteServingSpec(ServingCluster cluster) : IClassFixture<ServingCluster>
{
    [Fact]
    public async Task Requests_must_be_served_by_the_remote_workers_in_turn_and_the_replies_name_them()
    {
        await using var front = FrontServer.Start(cluster.Front, typeof(NodeEchoHandler), name: "round-robin");

        var replies = new List<string>();
        for (var i = 0; i < 4; i++)
            replies.Add(await LineClient.RoundTripAsync(front.Address, $"hello {i}"));

        Assert.All(replies.Select((r, i) => (r, i)), p => Assert.EndsWith($" HELLO {p.i}\n", p.r));
        var ports = replies.Select(PortOf).ToList();
        Assert.Equal(cluster.WorkerPorts, ports.ToHashSet());
        Assert.NotEqual(ports[0], ports[1]);
    }

    [Fact]
    public async Task Consistent_hashing_must_send_one_client_address_to_one_worker_and_spread_the_addresses()
    {
        await using var front = FrontServer.Start(cluster.Front, typeof(NodeEchoHandler), "cluster.router = consistent-hashing", name: "hashing");

        var fromOne = new List<int>();
        for (var i = 0; i < 3; i++)
            fromOne.Add(PortOf(await RoundTripFromAsync(IPAddress.Parse("127.0.0.2"), front.Address, "same")));
        var byAddress = new HashSet<int>();
        for (var host = 3; host < 19; host++)
            byAddress.Add(PortOf(await RoundTripFromAsync(IPAddress.Parse($"127.0.0.{host}"), front.Address, "spread")));

        Assert.Single(fromOne.Distinct());
        Assert.Equal(cluster.WorkerPorts, byAddress);
    }

    [Fact]
    public async Task A_flow_handler_must_run_on_a_worker_with_its_flow_materialized_there()
    {
        await using var front = FrontServer.Start(cluster.Front, typeof(NodeEchoFlow), name: "flow");
        using var client = await LineClient.ConnectAsync(front.Address);

        await client.SendAsync("one\ntwo\n");
        var lines = await client.ReadLinesAsync(2);

        Assert.Contains(PortOf(lines[0]), cluster.WorkerPorts);
        Assert.Equal([$"{PortOf(lines[0])} flow one", $"{PortOf(lines[0])} flow two"], lines);
    }

    [Fact]
    public async Task A_classic_handler_must_run_setup_a_blocking_handle_and_finish_on_a_worker()
    {
        await using var front = FrontServer.Start(cluster.Front, typeof(ClassicNodeHandler), name: "classic");

        var reply = await LineClient.RoundTripAsync(front.Address, "hi");

        Assert.Contains(PortOf(reply), cluster.WorkerPorts);
        Assert.Equal($"{PortOf(reply)} classic hi\n", reply);
    }

    [Fact]
    public async Task A_handler_failing_on_a_worker_must_reset_its_connection_and_count_as_the_fronts_handler_failure()
    {
        await using var front = FrontServer.Start(cluster.Front, typeof(FailingHandler), name: "failing");
        using var client = await LineClient.ConnectAsync(front.Address);

        await client.SendAsync("fail\n");

        await client.AssertResetAsync();
        await Polling.UntilAsync(async () => (await front.Server.GetStatusAsync()).Failed == 1, ClusterNodes.Patience, () => "no handler failure counted");
    }

    [Fact]
    public async Task A_worker_that_stops_reading_must_stop_the_fronts_socket_reads_within_the_stream_buffers()
    {
        await using var front = FrontServer.Start(cluster.Front, typeof(NotReadingHandler), name: "back-pressure");
        using var client = await LineClient.ConnectAsync(front.Address);
        const long tried = 64L << 20;

        var sent = await Task.Run(() => SendUntilStalled(client.Socket, tried));
        var received = (await front.Server.GetStatusAsync()).BytesReceived;

        // Each direction holds cluster.stream-buffer chunks (8) of at most 16 KiB on each side of the hop, plus one in hand.
        Assert.True(received <= 1L << 20, $"the front read {received} bytes of a worker that reads nothing");
        Assert.True(received > 0, "the front read nothing at all");
        Assert.True(sent < tried, $"the client sent all {sent} bytes: nothing pushed back");
    }

    /// <summary>Sends until <paramref name="limit"/> bytes went, or the socket had no room for 2 s (the peer stopped
    /// reading and every buffer on the way is full); returns what was sent.</summary>
    private static long SendUntilStalled(Socket socket, long limit)
    {
        socket.Blocking = false;
        var chunk = new byte[65536];
        long sent = 0;
        while (sent < limit && socket.Poll(TimeSpan.FromSeconds(2), SelectMode.SelectWrite))
        {
            try
            {
                sent += socket.Send(chunk);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock)
            {
                // Room for less than a chunk: Poll waits for more.
            }
        }
        socket.Blocking = true;
        return sent;
    }

    private static int PortOf(string reply) => int.Parse(reply.Split(' ')[0]);

    /// <summary>A round trip from <paramref name="source"/> (any 127.x address is the loopback's).</summary>
    private static async Task<string> RoundTripFromAsync(IPAddress source, EndPoint server, string line)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(source, 0));
        await socket.ConnectAsync(server);
        using var client = LineClient.Over(socket);
        await client.SendAsync(line + "\n");
        return await client.ReadToEndAsync();
    }
}
