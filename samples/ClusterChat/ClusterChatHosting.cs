using Akka.Actor;
using Akka.Cluster.Hosting;
using Akka.Cluster.Sharding;
using Akka.Hosting;
using Akka.Remote.Hosting;
using ActorServer.Hosting;

namespace ActorServer.Samples.ClusterChat;

/// <summary>One node of the cluster chat as Akka.Hosting calls: the same on every node.</summary>
public static class ClusterChatHosting
{
    /// <summary>The actor system's name, the same on every node (it is part of each node's address).</summary>
    public const string SystemName = "cluster-chat";

    /// <summary>The role of the nodes that host rooms and serve clients: here, every node.</summary>
    public const string Role = "chat";

    /// <summary>Joins <paramref name="node"/> to the cluster, starts its shard region of <see cref="ChatRoom"/>s
    /// (registered, so that handlers get it injected as <c>IRequiredActor&lt;ChatRoom&gt;</c>), and its <c>chat</c> server.</summary>
    public static AkkaConfigurationBuilder WithClusterChat(this AkkaConfigurationBuilder builder, ClusterChatNode node) => builder
        .WithRemoting(node.Hostname, node.NodePort)
        .WithClustering(new ClusterOptions { Roles = [Role], SeedNodes = [.. node.SeedNodes] })
        .WithCustomSerializer("cluster-chat", [typeof(IChatMessage)], system => new ChatSerializer(system))
        .WithShardRegion<ChatRoom>("chat-room", _ => Props.Create<ChatRoom>(), new RoomMessageExtractor(), new ShardOptions
        {
            StateStoreMode = StateStoreMode.DData,            // the coordinator's state in Distributed Data: no journal
            RememberEntities = false,                         // a room comes back when its members join again
            HandOffStopMessage = ChatRoom.HandOff.Instance,   // a room that moves tells its members first
            ShouldPassivateIdleEntities = false,              // a quiet room keeps its members; an empty one passivates
            Role = Role,
        })
        .WithSocketServer<ClusterChatHandler>("chat", options =>
        {
            options.Endpoint = node.Endpoint;
            options.Mode = ServingMode.Threading;   // every member is connected at once
            options.DrainTimeout = TimeSpan.FromSeconds(2);
        });
}
