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
var rate = new Option<int?>("--lines-per-second")
{
    Description = "Take at most this many lines a second per connection (a slow flow: back-pressure holds a faster client)",
};

var root = new RootCommand("ActorServer flow echo: replies to each line with it upper-cased") { host, port, mode, path, rate };
root.SetAction(async (parsed, _) =>
{
    using var stop = new StopSignal();
    // Naming the handler's type beside its factory lets the connection actor know it serves a flow.
    var linesPerSecond = parsed.GetValue(rate);
    if (linesPerSecond is not null && parsed.GetValue(mode) == ServingMode.Forking)
    {
        Console.Error.WriteLine("--lines-per-second needs synchronous or threading mode: a forked child makes its handler from its type alone");
        return 2;
    }
    var handlerType = linesPerSecond is null ? typeof(UpperCaseFlow) : typeof(ThrottledUpperCaseFlow);
    Func<BaseRequestHandler> create = linesPerSecond is { } n ? () => new ThrottledUpperCaseFlow(n) : () => new UpperCaseFlow();
    await using SocketServer server = parsed.GetValue(path) is { } file
        ? new UnixStreamServer(file, handlerType, create, bindAndActivate: false, system: null, name: null)
        : new TcpServer(new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port)), handlerType, create, bindAndActivate: false, system: null, name: null);
    server.Mode = parsed.GetValue(mode);
    server.ServerBind();
    server.ServerActivate();
    Console.WriteLine($"listening on {server.ServerAddress}");
    await server.ServeForeverAsync(stop.Token);
    return 0;
});
return await root.Parse(args).InvokeAsync();
