using ActorServer;
using ActorServer.Cluster;
using ActorServer.Samples;
using Akka.Actor;
using Akka.Configuration;

// Three processes on one machine: a front node that listens on port 9999, and two workers that run its handlers.
//   dotnet run --project samples/ClusterWorkers -- front 4053
//   dotnet run --project samples/ClusterWorkers -- worker 4054
//   dotnet run --project samples/ClusterWorkers -- worker 4055
//   dotnet run --project samples/TcpClient -- hello        (again and again: the replies name the workers in turn)
// Each node loads hocon/cluster.conf (copied next to the program) with its role and Akka.Remote port from the command
// line; arguments after the port are HOCON overrides. Ctrl-C or SIGTERM leaves the cluster gracefully: a worker drains
// its requests first, the front unbinds first.
if (args.Length < 2 || args[0] is not ("front" or "worker") || !int.TryParse(args[1], out var port))
{
    Console.Error.WriteLine("usage: ClusterWorkers front|worker PORT ['key = value' …]");
    return 2;
}
var role = args[0];

var config = ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "cluster.conf")));
config = ConfigurationFactory.ParseString($"akka.cluster.roles = [{role}]\nakka.remote.dot-netty.tcp.port = {port}").WithFallback(config);
foreach (var over in args.Skip(2).Reverse())
    config = ConfigurationFactory.ParseString(over).WithFallback(config);

using var stop = new StopSignal();
var system = ActorSystem.Create("actor-server", config.WithFallback(ActorServerConfig.Default));
try
{
    if (role == "front")
    {
        foreach (var server in ActorServerExtension.Get(system).StartAll())
            Console.WriteLine($"{server.Name} listening on {server.ServerAddress}");
    }
    else
    {
        Console.WriteLine($"worker {Akka.Cluster.Cluster.Get(system).SelfAddress} ready: {ActorServerCluster.Get(system).Worker}");
    }
}
catch (Exception e) when (e is ActorServerConfigurationException or ServerBindException)
{
    Console.Error.WriteLine(e.Message);
    await system.Terminate();
    return 1;
}

var signalled = Task.Delay(Timeout.Infinite, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
await Task.WhenAny(signalled, system.WhenTerminated);
await CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClrExitReason.Instance);
Console.WriteLine("stopped gracefully");
return 0;
