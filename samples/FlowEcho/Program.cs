using System.CommandLine;
using System.Net;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.FlowEcho;

// The seed's TCP server with its protocol as an Akka.Streams flow, over TCP or (with --path) a Unix socket, in any mode.
var host = SampleOptions.Host();
var port = SampleOptions.Port();
var mode = SampleOptions.Mode();
var path = new Option<string?>("--path") { Description = "Serve on this Unix socket file instead of TCP" };

var root = new RootCommand("ActorServer flow echo: replies to each line with it upper-cased") { host, port, mode, path };
root.SetAction(async (parsed, _) =>
{
    using var stop = new StopSignal();
    await using SocketServer server = parsed.GetValue(path) is { } file
        ? new UnixStreamServer<UpperCaseFlow>(file, bindAndActivate: false)
        : new TcpServer<UpperCaseFlow>(new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port)), bindAndActivate: false);
    server.Mode = parsed.GetValue(mode);
    server.ServerBind();
    server.ServerActivate();
    Console.WriteLine($"listening on {server.ServerAddress}");
    await server.ServeForeverAsync(stop.Token);
    return 0;
});
return await root.Parse(args).InvokeAsync();
