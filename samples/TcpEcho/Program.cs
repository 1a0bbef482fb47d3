using System.CommandLine;
using System.Net;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.TcpEcho;

// The seed's TCP server: `with TCPServer((HOST, PORT), MyTCPHandler) as server: server.serve_forever()`.
var host = SampleOptions.Host();
var port = SampleOptions.Port();
var mode = SampleOptions.Mode();
var style = new Option<string>("--style") { Description = "recv (BaseRequestHandler) or stream (StreamRequestHandler)", DefaultValueFactory = _ => "recv" };
style.AcceptOnlyFromAmong("recv", "stream");

var root = new RootCommand("ActorServer TCP echo: replies with the client's data upper-cased") { host, port, mode, style };
root.SetAction(async (parsed, _) =>
{
    var address = new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port));
    var handler = parsed.GetValue(style) == "stream" ? typeof(MyStreamHandler) : typeof(MyTcpHandler);
    using var stop = new StopSignal();
    await using var server = new TcpServer(address, handler, bindAndActivate: false);
    server.Mode = parsed.GetValue(mode);
    server.AllowReuseAddress = true;
    server.ServerBind();
    server.ServerActivate();
    Console.WriteLine($"listening on {server.ServerAddress}");
    await server.ServeForeverAsync(stop.Token);
    return 0;
});
return await root.Parse(args).InvokeAsync();
