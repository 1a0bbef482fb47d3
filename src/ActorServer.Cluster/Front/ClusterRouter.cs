using ActorServer.Cluster.Worker;
using Akka.Actor;
using Akka.Cluster.Routing;
using Akka.Routing;

namespace ActorServer.Cluster.Front;

/// <summary>The cluster-aware group router a front node sends requests through: from the server's <c>cluster</c> keys, or
/// from an <c>akka.actor.deployment</c> entry for its path, which takes precedence.</summary>
internal static class ClusterRouter
{
    /// <summary>The router's name under <c>/user</c>, which an <c>akka.actor.deployment</c> entry names.</summary>
    public static string NameOf(SocketServer server) => $"actor-server-{server.Name}-router";

    /// <summary>Throws for a deployment entry that is not a cluster-aware group over the workers.</summary>
    public static void Validate(SocketServer server, ServerSettings settings)
    {
        var path = $"akka.actor.deployment.\"/{NameOf(server)}\"";
        var config = server.System.Settings.Config;
        if (!config.HasPath(path))
            return;
        var router = config.GetString(path + ".router", "");
        if (!router.EndsWith("-group", StringComparison.Ordinal))
            throw new ActorServerConfigurationException(path + ".router", router,
                "cluster mode routes to the workers with a group router: round-robin-group or consistent-hashing-group");
        if (!config.GetBoolean(path + ".cluster.enabled", false))
            throw new ActorServerConfigurationException(path + ".cluster.enabled", config.GetString(path + ".cluster.enabled", "off"),
                "cluster mode's router must be cluster-aware: set cluster.enabled = on");
    }

    public static IActorRef Start(SocketServer server, ServerSettings settings)
    {
        var system = server.System;
        var name = NameOf(server);
        if (system.Settings.Config.HasPath($"akka.actor.deployment.\"/{name}\""))
            return system.ActorOf(Props.Empty.WithRouter(FromConfig.Instance), name);
        string[] paths = [WorkerActor.Path];
        Group group = settings.Cluster.Router == ClusterRouting.ConsistentHashing
            ? new ConsistentHashingGroup(paths)
            : new RoundRobinGroup(paths);
        var routing = new ClusterRouterGroupSettings(int.MaxValue, paths, settings.Cluster.AllowLocalRoutees, settings.Cluster.WorkerRole);
        return system.ActorOf(Props.Empty.WithRouter(new ClusterRouterGroup(group, routing)), name);
    }
}
