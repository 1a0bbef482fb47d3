using System.CommandLine;
using System.Net;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.ForkingTcp;

// The seed's mix-in example with ForkingMixIn: every request is served by a child process.
var host = SampleOptions.Host();
var port = SampleOptions.Port();
port.DefaultValueFactory = _ => 0;
var warm = new Option<int>("--warm") { Description = "Children started ahead of requests", DefaultValueFactory = _ => 0 };
var perChild = new Option<int>("--requests-per-child") { Description = "Requests a child serves before it exits (1: a fresh process each)", DefaultValueFactory = _ => 1 };

var root = new RootCommand("ActorServer forking server: each request runs in a child process") { host, port, warm, perChild };
root.SetAction(async (parsed, _) =>
{
    await using var server = new TcpServer<ForkedRequestHandler>(new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port)), bindAndActivate: false)
    {
        Mode = ServingMode.Forking,
        WarmChildren = parsed.GetValue(warm),
        RequestsPerChild = parsed.GetValue(perChild),
    };
    server.ServerBind();
    server.ServerActivate();
    Console.WriteLine($"listening on {server.ServerAddress}");
    Console.WriteLine($"Server process: pid {Environment.ProcessId}");

    return await SeedClient.ServeThreeClientsAsync(server);
});
return await root.Parse(args).InvokeAsync();
