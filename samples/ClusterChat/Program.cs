using ActorServer;
using ActorServer.Hosting;
using ActorServer.Samples.ClusterChat;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using AkkaCluster = Akka.Cluster.Cluster;

// The chat on every node of a cluster: `nc` to any node, and members on different nodes share a room, which lives as a
// sharded entity on one of them. Three nodes on one machine (docs/cluster-sharding.md), after `dotnet build samples/ClusterChat`:
//   dotnet run --no-build --project samples/ClusterChat -- --port 9001 --node-port 4053 --seed akka.tcp://cluster-chat@127.0.0.1:4053
//   dotnet run --no-build --project samples/ClusterChat -- --port 9002 --node-port 4054 --seed akka.tcp://cluster-chat@127.0.0.1:4053
//   dotnet run --no-build --project samples/ClusterChat -- --port 9003 --node-port 4055 --seed akka.tcp://cluster-chat@127.0.0.1:4053
// Ctrl-C or SIGTERM leaves the cluster gracefully: the rooms this node hosts move to the others with their members.
var builder = Host.CreateApplicationBuilder(args);
var hostname = builder.Configuration["hostname"] ?? "127.0.0.1";
if (!int.TryParse(builder.Configuration["node-port"] ?? "4053", out var nodePort) || nodePort is < 0 or > 65535)
{
    Console.Error.WriteLine($"--node-port: {builder.Configuration["node-port"]} is not a port number (0 to 65535)");
    return 1;
}
var node = new ClusterChatNode(
    Endpoint: $"{hostname}:{builder.Configuration["port"] ?? "9997"}",
    Hostname: hostname,
    NodePort: nodePort,
    SeedNodes: (builder.Configuration["seed"] ?? $"akka.tcp://{ClusterChatHosting.SystemName}@{hostname}:4053").Split(','));

builder.Services.AddSocketServerRegistry();
builder.Services.AddAkka(ClusterChatHosting.SystemName, akka => akka
    .ConfigureLoggers(loggers => loggers.AddLoggerFactory())
    .WithClusterChat(node));

using var host = builder.Build();
// A bad endpoint or a port in use: one line naming the key and value, exit code 1.
return await StartupFailure.ExitCodeOfAsync(async () =>
{
    await host.StartAsync();
    var chat = host.Services.GetRequiredService<ISocketServerRegistry>()["chat"];
    Console.WriteLine($"listening on {await chat.Bound}");
    Console.WriteLine($"node {AkkaCluster.Get(host.Services.GetRequiredService<ActorSystem>()).SelfAddress}");
    await host.WaitForShutdownAsync();
});
