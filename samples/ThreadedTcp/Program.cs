using System.CommandLine;
using System.Net;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.ThreadedTcp;

// The seed's ThreadingMixIn example: a threading server on a free port, three clients, then shutdown.
var host = SampleOptions.Host();
var port = SampleOptions.Port();
port.DefaultValueFactory = _ => 0;

var root = new RootCommand("ActorServer threading server: each request runs on a thread of the handler dispatcher") { host, port };
root.SetAction(async (parsed, _) =>
{
    await using var server = new TcpServer<ThreadedTcpRequestHandler>(new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port)), bindAndActivate: false)
    {
        Mode = ServingMode.Threading,
    };
    server.ServerBind();
    server.ServerActivate();
    Console.WriteLine($"listening on {server.ServerAddress}");
    Console.WriteLine($"Server loop running in actor: {server.System.Name}/user/actor-server-{server.Name}");
    return await SeedClient.ServeThreeClientsAsync(server);
});
return await root.Parse(args).InvokeAsync();
