using ActorServer;
using ActorServer.Samples;
using Akka.Actor;
using Akka.Configuration;

// Servers from HOCON alone: every server defined under actor-server.servers of the file is started by name.
//   dotnet run --project samples/ConfiguredServer -- hocon/tcp-threading.conf
//   dotnet run --project samples/ConfiguredServer -- hocon/tcp-threading.conf 'actor-server.servers.echo.endpoint = "127.0.0.1:0"'
// Arguments after the file are HOCON overrides. Ctrl-C or SIGTERM runs the actor system's coordinated shutdown:
// the servers unbind, drain their requests in flight, stop; the process exits 0.
if (args.Length == 0)
{
    Console.Error.WriteLine("usage: ConfiguredServer FILE.conf ['key = value' …]");
    return 2;
}

var config = ConfigurationFactory.ParseString(File.ReadAllText(args[0]));
foreach (var over in args.Skip(1).Reverse())
    config = ConfigurationFactory.ParseString(over).WithFallback(config);

using var stop = new StopSignal();
var system = ActorSystem.Create("configured", config.WithFallback(ActorServerConfig.Default));
try
{
    foreach (var server in ActorServerExtension.Get(system).StartAll())
        Console.WriteLine($"{server.Name} listening on {server.ServerAddress}");
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
