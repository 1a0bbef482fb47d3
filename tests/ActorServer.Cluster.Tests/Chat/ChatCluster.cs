using System.Net;
using ActorServer.Cluster.Tests.Support;
using ActorServer.Hosting;
using ActorServer.Samples.ClusterChat;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorServer.Cluster.Tests.Chat;

/// <summary>
/// Nodes of the ClusterChat sample in one test process: one generic host each, composed as the sample's <c>Program</c>
/// composes it (<see cref="ClusterChatHosting.WithClusterChat"/>), on 127.0.0.1 with port 0 for both the chat server
/// and the cluster, under <see cref="ClusterNodes.TestTuning"/>. The first node joins itself; the others are given
/// its address as their seed.
/// </summary>
public sealed class ChatCluster : IAsyncDisposable
{
    private readonly List<ChatNode> _nodes = [];

    public IReadOnlyList<ChatNode> Nodes => _nodes;

    public static async Task<ChatCluster> StartAsync(int count)
    {
        var cluster = new ChatCluster();
        try
        {
            var first = await cluster.StartNodeAsync([]);
            var seed = AkkaCluster.Get(first.System).SelfAddress;
            AkkaCluster.Get(first.System).Join(seed);
            for (var i = 1; i < count; i++)
                await cluster.StartNodeAsync([seed.ToString()]);
            await ClusterNodes.AwaitMembersUpAsync(cluster._nodes.Select(n => n.System), count);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A host of the chat as the sample builds it, with the tests' tuning under it; not started.</summary>
    public static IHost Build(ClusterChatNode node) => new HostBuilder()
        .ConfigureServices(services => services
            .AddSocketServerRegistry()
            .AddAkka(ClusterChatHosting.SystemName, akka => akka
                .AddHocon(ClusterNodes.TestTuning, HoconAddMode.Append)
                .WithClusterChat(node)))
        .Build();

    /// <summary>The node whose shard region hosts <paramref name="room"/>, or null while no node does; a node in
    /// <paramref name="except"/> is not asked (one cut off still hosts what it hosted).</summary>
    public async Task<ChatNode?> HostOfAsync(string room, params ChatNode[] except)
    {
        foreach (var node in _nodes.Where(n => !n.System.WhenTerminated.IsCompleted && !except.Contains(n)))
        {
            var state = await node.Rooms.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, ClusterNodes.Patience);
            if (state.Shards.Any(shard => shard.EntityIds.Contains(room)))
                return node;
        }
        return null;
    }

    private async Task<ChatNode> StartNodeAsync(string[] seeds)
    {
        var host = Build(new ClusterChatNode("127.0.0.1:0", "127.0.0.1", 0, seeds));
        await host.StartAsync();
        var chat = host.Services.GetRequiredService<ISocketServerRegistry>()["chat"];
        var node = new ChatNode(host, host.Services.GetRequiredService<ActorSystem>(), await chat.Bound,
            await host.Services.GetRequiredService<IRequiredActor<ChatRoom>>().GetAsync());
        _nodes.Add(node);
        return node;
    }

    /// <summary>Stops the hosts one by one, the youngest first: nodes that all leave at once wait out the exiting
    /// phase's timeout (a host a spec stopped already returns at once).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            try
            {
                await node.Host.StopAsync().WaitAsync(ClusterNodes.Patience);
            }
            catch (TimeoutException)
            {
                // A node cut off may take its time; the others are still to be stopped, and the run ends it.
            }
            node.Host.Dispose();
        }
    }
}

/// <summary>One node: its host, actor system, chat server's address and shard region of rooms.</summary>
public sealed record ChatNode(IHost Host, ActorSystem System, EndPoint Chat, IActorRef Rooms);
