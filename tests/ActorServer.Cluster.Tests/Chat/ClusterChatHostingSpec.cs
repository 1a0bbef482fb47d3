using System.Net;
using System.Net.Sockets;
using ActorServer.Hosting;
using ActorServer.Samples.ClusterChat;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorServer.Cluster.Tests.Chat;

/// <summary><c>WithSocketServer</c> composed with Akka.Cluster.Hosting's <c>WithClustering</c> and <c>WithShardRegion</c> in one host.</summary>
public sealed class ClusterChatHostingSpec
{
    [Fact]
    public async Task A_socket_server_a_cluster_and_a_shard_region_must_build_and_serve_in_one_host()
    {
        await using var cluster = await ChatCluster.StartAsync(1);
        var node = cluster.Nodes[0];

        using var fay = await ChatClient.JoinAsync(node.Chat, "fay", "", here: "fay");   // no room named: the lobby
        await fay.SendLineAsync("/who");
        await fay.ExpectLineAsync("* here: fay");

        var registry = node.Host.Services.GetRequiredService<ActorRegistry>();
        Assert.Equal("/system/sharding/chat-room", registry.Get<ChatRoom>().Path.ToStringWithoutAddress());
        Assert.Equal("/user/actor-server-chat", registry.Get<ClusterChatHandler>().Path.ToStringWithoutAddress());
        Assert.IsType<ChatSerializer>(node.System.Serialization.FindSerializerFor(new ChatRoom.Line("")));   // WithCustomSerializer
        Assert.Same(node, await cluster.HostOfAsync(ClusterChatHandler.DefaultRoom));   // the room an entity of that region
    }

    [Fact]
    public async Task A_bad_server_setting_must_fail_the_host_naming_the_key_before_the_cluster_binds()
    {
        var nodePort = FreePort();
        using var host = ChatCluster.Build(new ClusterChatNode("127.0.0.1:99999", "127.0.0.1", nodePort, []));

        var error = await Assert.ThrowsAsync<ActorServerConfigurationException>(() => host.StartAsync());

        Assert.Equal("actor-server.servers.chat.endpoint", error.Key);
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, nodePort));   // the cluster's port was never bound
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
