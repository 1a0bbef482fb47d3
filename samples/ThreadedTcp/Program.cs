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

    var serving = server.ServeForeverAsync();
    Console.WriteLine($"Server loop running in actor: {server.System.Name}/user/actor-server-{server.Name}");
    await SeedClient.SendAsync(server.ServerAddress, "Hello World 1");
    await SeedClient.SendAsync(server.ServerAddress, "Hello World 2");
    await SeedClient.SendAsync(server.ServerAddress, "Hello World 3");

    await server.ShutdownAsync();
    await serving;
    return 0;
});
return await root.Parse(args).InvokeAsync();
