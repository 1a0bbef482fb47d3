using System.CommandLine;
using System.Net;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.FlowKeyValue;
using Akka.Actor;

// A key-value server: a length-prefixed protocol as a flow, its state in one actor the flows ask.
var host = SampleOptions.Host();
var port = SampleOptions.Port();

var root = new RootCommand("ActorServer flow key-value store: length-prefixed SET key value / GET key") { host, port };
root.SetAction(async (parsed, _) =>
{
    using var stop = new StopSignal();
    using var system = ActorSystem.Create("flow-key-value");
    var store = system.ActorOf(Props.Create<KeyValueStore>(), "store");
    // The handler needs the store, so a factory makes it; naming its type lets the connection actor materialize it.
    // Threading: the connections run at once. Not forking: a child process could not reach the store actor.
    await using var server = new TcpServer(new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port)),
        typeof(KeyValueFlow), () => new KeyValueFlow(store), bindAndActivate: false, system, name: "key-value");
    server.Mode = ServingMode.Threading;
    server.ServerBind();
    server.ServerActivate();
    Console.WriteLine($"listening on {server.ServerAddress}");
    await server.ServeForeverAsync(stop.Token);
    return 0;
});
return await root.Parse(args).InvokeAsync();
