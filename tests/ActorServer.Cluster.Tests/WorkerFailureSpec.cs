using System.Diagnostics;
using System.Net.Sockets;
using ActorServer.Cluster.Tests.Support;
using ActorServer.Tests.Support;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Cluster.Tests;

/// <summary>A worker lost mid-request: its client is closed within the bound docs/cluster.md derives from the failure
/// detector, a retry-safe request that sent nothing yet moves to another worker, and the front serves on.</summary>
public sealed class WorkerFailureSpec
{
    /// <summary>The bound for the specs' failure detector (ClusterNodes.TestTuning: 200 ms heartbeats, 1 s acceptable
    /// pause, 250 ms reaper): heartbeat-interval + acceptable-heartbeat-pause + the phi margin + the reaper interval is
    /// about 2 s (docs/cluster.md); twice that, for a loaded machine.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(4);

    private static (string[], string)[] FrontAndTwoWorkers =>
        [([ "front" ], ""), ([ "worker" ], FrontServer.WorkerHocon), ([ "worker" ], FrontServer.WorkerHocon)];

    [Fact]
    public async Task A_worker_cut_off_mid_request_must_close_its_client_within_the_bound_while_the_other_serves_on()
    {
        await using var cluster = await ClusterNodes.StartAsync(FrontAndTwoWorkers);
        await using var front = FrontServer.Start(cluster.Nodes[0], typeof(HoldingHandler), "cluster.worker-timeout = 2s");
        using var held = await LineClient.ConnectAsync(front.Address);
        await held.SendAsync("cut-off\n");
        var port = await Rendezvous.FirstStartedAsync("cut-off");
        Assert.Equal($"{port} started", (await held.ReadLinesAsync(1))[0]);
        var worker = cluster.Nodes.Single(n => AkkaCluster.Get(n).SelfAddress.Port == port);

        var clock = Stopwatch.StartNew();
        await cluster.CutOffAsync(worker);
        var rest = await held.ReadToEndAsync(resetEnds: true);
        var closedAfter = clock.Elapsed;

        Assert.Equal("", rest);
        Assert.True(closedAfter < Bound, $"the client was closed {closedAfter.TotalMilliseconds:0} ms after the cut, past the bound of {Bound.TotalMilliseconds} ms");
        for (var i = 0; i < 2; i++)
        {
            using var next = await LineClient.ConnectAsync(front.Address);
            await next.SendAsync($"after-{i}\n");
            var reply = (await next.ReadLinesAsync(1))[0];
            Assert.NotEqual(port, int.Parse(reply.Split(' ')[0]));
            Rendezvous.Release($"after-{i}");
        }
    }

    [Fact]
    public async Task A_retry_safe_request_that_sent_nothing_must_be_replayed_on_another_worker_when_its_worker_is_cut_off()
    {
        await using var cluster = await ClusterNodes.StartAsync(FrontAndTwoWorkers);
        await using var front = FrontServer.Start(cluster.Nodes[0], typeof(RetrySafeHandler), "cluster.worker-timeout = 2s");
        using var client = await LineClient.ConnectAsync(front.Address);
        await client.SendAsync("retry-me\n");
        var first = await Rendezvous.FirstStartedAsync("retry-me");

        var clock = Stopwatch.StartNew();
        await cluster.CutOffAsync(cluster.Nodes.Single(n => AkkaCluster.Get(n).SelfAddress.Port == first));
        var reply = await client.ReadToEndAsync();

        var (port, text) = (int.Parse(reply.Split(' ')[0]), reply[(reply.IndexOf(' ') + 1)..]);
        Assert.Equal("retried retry-me\n", text);
        Assert.NotEqual(first, port);
        Assert.True(clock.Elapsed < Bound + TimeSpan.FromSeconds(1), $"the retry answered {clock.ElapsedMilliseconds} ms after the cut");
    }

    [Fact]
    public async Task A_worker_that_leaves_gracefully_must_drain_its_request_while_new_ones_go_to_the_other()
    {
        await using var cluster = await ClusterNodes.StartAsync(FrontAndTwoWorkers);
        await using var front = FrontServer.Start(cluster.Nodes[0], typeof(HoldingHandler));
        using var held = await LineClient.ConnectAsync(front.Address);
        await held.SendAsync("drained\n");
        var port = await Rendezvous.FirstStartedAsync("drained");
        await held.ReadLinesAsync(1);
        var leaving = cluster.Nodes.Single(n => AkkaCluster.Get(n).SelfAddress.Port == port);

        var left = Akka.Actor.CoordinatedShutdown.Get(leaving).Run(Akka.Actor.CoordinatedShutdown.ClusterLeavingReason.Instance);
        var others = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            using var next = await LineClient.ConnectAsync(front.Address);
            await next.SendAsync($"while-draining-{i}\n");
            others.Add(int.Parse((await next.ReadLinesAsync(1))[0].Split(' ')[0]));
            Rendezvous.Release($"while-draining-{i}");
        }
        Assert.False(left.IsCompleted, "the leaving worker must wait for its request");
        Rendezvous.Release("drained");

        Assert.Equal($"{port} done drained\n", await held.ReadToEndAsync());
        await left.WaitAsync(ClusterNodes.Patience);
        Assert.DoesNotContain(port, others);
    }
}
