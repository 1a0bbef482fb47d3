using System.CommandLine;
using System.Net;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.UdpEcho;

// The seed's UDP server: `with UDPServer((HOST, PORT), MyUDPHandler) as server: server.serve_forever()`.
var host = SampleOptions.Host();
var port = SampleOptions.Port();
var mode = SampleOptions.Mode();
var style = new Option<string>("--style") { Description = "recv (BaseRequestHandler) or datagram (DatagramRequestHandler)", DefaultValueFactory = _ => "recv" };
style.AcceptOnlyFromAmong("recv", "datagram");

var root = new RootCommand("ActorServer UDP echo: replies to each datagram with its data upper-cased") { host, port, mode, style };
root.SetAction(async (parsed, _) =>
{
    var address = new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port));
    var handler = parsed.GetValue(style) == "datagram" ? typeof(MyDatagramHandler) : typeof(MyUdpHandler);
    using var stop = new StopSignal();
    await using var server = new UdpServer(address, handler, bindAndActivate: false);
    server.Mode = parsed.GetValue(mode);
    server.ServerBind();
    Console.WriteLine($"listening on {server.ServerAddress}");
    await server.ServeForeverAsync(stop.Token);
    return 0;
});
return await root.Parse(args).InvokeAsync();
