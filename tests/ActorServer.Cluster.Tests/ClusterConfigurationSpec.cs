using ActorServer.Cluster.Tests.Support;
using Akka.Actor;
using Akka.Configuration;

namespace ActorServer.Cluster.Tests;

/// <summary>A cluster-mode server that cannot serve is refused before it binds, naming the key.</summary>
public sealed class ClusterConfigurationSpec
{
    [Theory]
    [InlineData("cluster.router = random", "actor-server.servers.bad.cluster.router", "round-robin, consistent-hashing")]
    [InlineData("cluster.on-no-workers = wait", "actor-server.servers.bad.cluster.on-no-workers", "pause, refuse")]
    [InlineData("cluster.stream-buffer = 0", "actor-server.servers.bad.cluster.stream-buffer", "at least 1")]
    [InlineData("cluster.worker-role = \"\"", "actor-server.servers.bad.cluster.worker-role", "cluster role")]
    [InlineData("cluster.worker-timeout = 0s", "actor-server.servers.bad.cluster.worker-timeout", "above zero")]
    [InlineData("cluster.rooter = round-robin", "actor-server.servers.bad.cluster.rooter", "cluster.router")]
    public async Task A_bad_cluster_key_must_be_named_before_anything_binds(string line, string key, string expectation)
    {
        using var system = ActorSystem.Create("config-spec", ClusterProvider);

        var error = Assert.ThrowsAny<ConfigurationException>(() => Define(system, line));

        Assert.Contains(key, error.Message);
        Assert.Contains(expectation, error.Message);
        await system.Terminate();
    }

    [Fact]
    public async Task Cluster_mode_without_the_cluster_provider_must_be_refused_naming_the_mode_and_the_provider()
    {
        using var system = ActorSystem.Create("config-spec");

        var error = Assert.Throws<ActorServerConfigurationException>(() => Define(system, ""));

        Assert.Equal("actor-server.servers.bad.mode", error.Key);
        Assert.Contains("akka.actor.provider = cluster", error.Message);
        await system.Terminate();
    }

    [Fact]
    public async Task A_deployed_router_that_is_not_a_cluster_aware_group_must_be_refused_naming_its_key()
    {
        using var system = ActorSystem.Create("config-spec", ClusterProvider + """

            akka.actor.deployment."/actor-server-bad-router" { router = round-robin-pool, nr-of-instances = 2 }
            """);

        var error = Assert.Throws<ActorServerConfigurationException>(() => Define(system, ""));

        Assert.Equal("akka.actor.deployment.\"/actor-server-bad-router\".router", error.Key);
        await system.Terminate();
    }

    private const string ClusterProvider = """
        akka.actor.provider = cluster
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        """;

    private static void Define(ActorSystem system, string line) =>
        FrontServer.Start(system, typeof(NodeEchoHandler), line, name: "bad");
}
