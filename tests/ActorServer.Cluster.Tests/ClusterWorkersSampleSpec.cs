using System.Net;
using System.Net.Sockets;
using ActorServer.Hosting.Tests.Support;
using ActorServer.Tests.Support;

namespace ActorServer.Cluster.Tests;

/// <summary>The walkthrough of docs/cluster.md: samples/ClusterWorkers started three times (a front, two workers), as a
/// user starts it from a shell, serves requests spread over the workers and stops on SIGTERM.</summary>
public sealed class ClusterWorkersSampleSpec
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Three_processes_of_the_sample_must_spread_requests_over_both_workers_and_stop_gracefully()
    {
        var (seed, first, second) = (FreePort(), FreePort(), FreePort());
        string[] overrides = [$"akka.cluster.seed-nodes = [\"akka.tcp://actor-server@127.0.0.1:{seed}\"]", "actor-server.servers.echo.endpoint = \"127.0.0.1:0\""];
        using var front = SampleProcess.Start("ClusterWorkers", ["front", seed.ToString(), .. overrides]);
        using var worker1 = SampleProcess.Start("ClusterWorkers", ["worker", first.ToString(), .. overrides]);
        using var worker2 = SampleProcess.Start("ClusterWorkers", ["worker", second.ToString(), .. overrides]);
        var listening = await front.WaitForLineAsync("echo listening on", Patience);
        Assert.True(IPEndPoint.TryParse(listening[(listening.LastIndexOf(' ') + 1)..], out var address), listening);
        await worker1.WaitForLineAsync("ready", Patience);
        await worker2.WaitForLineAsync("ready", Patience);

        // Round-robin over two workers: two requests in a row reach both, once the front's router knows both. The router
        // adds a worker when it sees the worker's member Up, which on a loaded machine can come seconds after "ready":
        // requests go on until both have answered or the patience runs out.
        var replies = new HashSet<string>();
        var deadline = DateTime.UtcNow + Patience;
        while (replies.Count < 2 && DateTime.UtcNow < deadline)
            replies.Add(await ServedAsync(address));

        string[] workers = [$"worker akka.tcp://actor-server@127.0.0.1:{first}: HELLO", $"worker akka.tcp://actor-server@127.0.0.1:{second}: HELLO"];
        Assert.Equal(workers.Order(), replies.Order());
        foreach (var process in new[] { worker1, worker2, front })
            process.Terminate();
        foreach (var process in new[] { worker1, worker2, front })
            Assert.Equal(0, await process.WaitForExitAsync(Patience));
    }

    /// <summary>One request's reply, once the front has a worker (it accepts nothing before: on-no-workers = pause).</summary>
    private static async Task<string> ServedAsync(IPEndPoint front) => (await LineClient.RoundTripAsync(front, "hello")).TrimEnd('\n');

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
