using System.CommandLine;
using System.Net;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.Operations;

// A server an operator steers while it serves: the upper-casing line echo on --port, and beside it, in the same actor
// system, a tiny admin endpoint on --admin-port that takes one command per line: status, suspend, resume, limit N.
//   dotnet run --project samples/Operations -- --port 9999 --admin-port 9998
//   printf 'status\nsuspend\nlimit 2\nresume\n' | nc -q1 localhost 9998
// Watch it with: dotnet-counters monitor --counters ActorServer -n Operations
var host = SampleOptions.Host();
var port = SampleOptions.Port();
var adminPort = new Option<int>("--admin-port") { Description = "Port of the admin endpoint (0 picks a free one)", DefaultValueFactory = _ => 9998 };

var root = new RootCommand("ActorServer operations: a line echo server and an admin endpoint that suspends, resumes and limits it") { host, port, adminPort };
root.SetAction(async (parsed, _) =>
{
    using var stop = new StopSignal();
    await using var echo = new TcpServer<EchoLinesHandler>(new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port)), bindAndActivate: false, name: "echo")
    {
        Mode = ServingMode.Threading,
    };
    echo.ServerBind();
    echo.ServerActivate();
    await using var admin = new TcpServer(new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(adminPort)), () => new AdminHandler(echo),
        system: echo.System, name: "admin")
    {
        Mode = ServingMode.Threading,
    };
    Console.WriteLine($"listening on {echo.ServerAddress}, admin on {admin.ServerAddress}");
    var serving = Task.WhenAll(echo.ServeForeverAsync(stop.Token), admin.ServeForeverAsync(stop.Token));
    await serving;
    Console.WriteLine("stopped gracefully");
    return 0;
});
return await root.Parse(args).InvokeAsync();
