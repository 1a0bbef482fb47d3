using System.CommandLine;
using ActorServer.Benchmarks.Hosts;
using ActorServer.Benchmarks.Scenarios;
using ActorServer.Benchmarks.Servers;

// The measuring program of issue 6: runs each scenario against ActorServer and the baselines and prints one table each.
var scenarioNames = string.Join(", ", ScenarioCatalog.All.Select(s => s.Name));

var scenario = new Option<string>("--scenario") { Description = $"{scenarioNames}, or all", DefaultValueFactory = _ => "all" };
var seconds = new Option<double>("--seconds") { Description = "Measured seconds per server in each scenario", DefaultValueFactory = _ => 3 };
var warmup = new Option<double>("--warmup") { Description = "Least warm-up seconds before each measurement", DefaultValueFactory = _ => 1 };
var maxWarmup = new Option<double>("--max-warmup") { Description = "Most warm-up seconds, waiting for a .NET server's JIT to settle", DefaultValueFactory = _ => 10 };
var connections = new Option<int?>("--connections") { Description = "Connections (clients) for every scenario, instead of each scenario's own counts" };
var rounds = new Option<int>("--rounds") { Description = "Measure every server this many times, taking turns, and report each one's median", DefaultValueFactory = _ => 1 };
var servers = new Option<string>("--servers") { Description = "Comma-separated servers to run: actorserver, raw, akka-streams, python, or all", DefaultValueFactory = _ => "all" };

var root = new RootCommand("ActorServer benchmarks: each scenario against ActorServer, raw sockets, Akka.Streams and Python's socketserver")
{
    scenario, seconds, warmup, maxWarmup, connections, servers, rounds,
};
root.SetAction(async (parsed, cancellationToken) =>
{
    var name = parsed.GetValue(scenario)!;
    var serverNames = parsed.GetValue(servers)!;
    var options = new BenchmarkOptions(
        name == "all" ? ScenarioCatalog.All : [.. name.Split(',').Select(ScenarioCatalog.Find)],
        TimeSpan.FromSeconds(parsed.GetValue(seconds)),
        TimeSpan.FromSeconds(parsed.GetValue(warmup)),
        TimeSpan.FromSeconds(parsed.GetValue(maxWarmup)),
        parsed.GetValue(connections),
        serverNames == "all" ? Enum.GetValues<Contender>().ToHashSet() : serverNames.Split(',').Select(ServerVariant.Parse).ToHashSet(),
        Math.Max(1, parsed.GetValue(rounds)));
    return await new BenchmarkRunner(options, Console.Out).RunAsync(cancellationToken);
});

var serveScenario = new Option<string>("--scenario") { Description = $"Which scenario's server to run: {scenarioNames}", DefaultValueFactory = _ => "pingpong" };
var serveServer = new Option<string>("--server") { Description = "actorserver, raw, akka-streams or python", DefaultValueFactory = _ => "actorserver" };
var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 0 };
var workload = new Option<string?>("--workload") { Description = "line, echo or udp (instead of the scenario's)", Hidden = true };
var mode = new Option<string?>("--mode") { Description = "threading or forking (instead of the scenario's)", Hidden = true };
var controlled = new Option<bool>("--controlled") { Description = "Answer the benchmark on stdin and stop when it closes", Hidden = true };
var serve = new Command("serve", "Run one scenario's server until Ctrl-C, printing 'listening on ADDRESS'")
{
    serveScenario, serveServer, port, workload, mode, controlled,
};
serve.SetAction(async (parsed, cancellationToken) =>
{
    var chosen = ScenarioCatalog.Find(parsed.GetValue(serveScenario)!);
    var work = parsed.GetValue(workload) switch
    {
        "line" => Workload.UpperLine,
        "echo" => Workload.Echo,
        "udp" => Workload.UdpEcho,
        _ => chosen.Workload,
    };
    return await ServeCommand.RunAsync(ServerVariant.Parse(parsed.GetValue(serveServer)!), work, parsed.GetValue(mode) ?? chosen.Mode,
        parsed.GetValue(port), parsed.GetValue(controlled), cancellationToken);
});
root.Subcommands.Add(serve);

// Ctrl-C is handled by the commands themselves (serve stops its server gracefully; a benchmark run stops with it).
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
