using System.CommandLine;
using ActorServer.Benchmarks.Hosts;
using ActorServer.Benchmarks.Report;
using ActorServer.Benchmarks.Scenarios;
using ActorServer.Benchmarks.Servers;

// The measuring program of issues 6 and 13: runs each scenario against ActorServer and the baselines (by default with
// the outside C load client) and prints one table each.
var scenarioNames = string.Join(", ", ScenarioCatalog.All.Select(s => s.Name));
const string FirstSecondsName = "coldstart", IdleCpuName = "idlecpu";

var scenario = new Option<string>("--scenario")
{
    Description = $"{scenarioNames}, {FirstSecondsName} (the first seconds after a start: connrate, pingpong, udp), {IdleCpuName}, or all",
    DefaultValueFactory = _ => "all",
};
var seconds = new Option<double>("--seconds") { Description = "Measured seconds per server in each scenario", DefaultValueFactory = _ => 3 };
var warmup = new Option<double>("--warmup") { Description = "Least warm-up seconds (the outside client's, for a server already measured)", DefaultValueFactory = _ => 1 };
var maxWarmup = new Option<double>("--max-warmup")
{
    Description = "Most warm-up seconds: the outside client's for a server just started; the in-process client's wait for a .NET server's JIT to settle",
    DefaultValueFactory = _ => 10,
};
var client = new Option<string>("--client")
{
    Description = "native: the outside C client (compiled with cc); dotnet: the in-process .NET client, which competes with the server for the cores",
    DefaultValueFactory = _ => "native",
};
var firstSeconds = new Option<double>("--first-seconds") { Description = $"Length of the {FirstSecondsName} window after a server starts listening", DefaultValueFactory = _ => 3 };
var idleSeconds = new Option<double>("--idle-seconds") { Description = $"Length of the {IdleCpuName} window", DefaultValueFactory = _ => 10 };
var noVariants = new Option<bool>("--no-variants") { Description = "Leave out ActorServer's variant rows (dispatcher = \"\", handler Timeout, flow handler)" };
var variants = new Option<string>("--variants")
{
    Description = "ActorServer's variant rows to run, by mode: all, none, or comma-separated threading-pool, threading-timeout, threading-flow, cluster",
    DefaultValueFactory = _ => "all",
};
var connections = new Option<int?>("--connections") { Description = "Connections (clients) for every scenario, instead of each scenario's own counts" };
var rounds = new Option<int>("--rounds") { Description = "Measure every server this many times, taking turns, and report each one's median", DefaultValueFactory = _ => 1 };
var results = new Option<string?>("--results") { Description = "Also write the tables to this Markdown file, headed by the command (docs/benchmark-results.md)" };
var servers = new Option<string>("--servers") { Description = "Comma-separated servers to run: actorserver, raw, akka-streams, python, or all", DefaultValueFactory = _ => "all" };

var root = new RootCommand("ActorServer benchmarks: each scenario against ActorServer, raw sockets, Akka.Streams and Python's socketserver")
{
    scenario, seconds, warmup, maxWarmup, connections, servers, rounds, client, firstSeconds, idleSeconds, noVariants, variants, results,
};
root.SetAction(async (parsed, cancellationToken) =>
{
    var names = parsed.GetValue(scenario)!.Split(',').Select(n => n.Trim().ToLowerInvariant()).ToHashSet();
    var all = names.Contains("all");
    var serverNames = parsed.GetValue(servers)!;
    var clientKind = parsed.GetValue(client) switch
    {
        "native" => LoadClientKind.Native,
        "dotnet" => LoadClientKind.DotNet,
        var other => throw new ArgumentException($"unknown --client '{other}': expected native or dotnet"),
    };
    var options = new BenchmarkOptions(
        all ? ScenarioCatalog.All : [.. names.Except([FirstSecondsName, IdleCpuName]).Select(ScenarioCatalog.Find)],
        TimeSpan.FromSeconds(parsed.GetValue(seconds)),
        TimeSpan.FromSeconds(parsed.GetValue(warmup)),
        TimeSpan.FromSeconds(parsed.GetValue(maxWarmup)),
        parsed.GetValue(connections),
        serverNames == "all" ? Enum.GetValues<Contender>().ToHashSet() : serverNames.Split(',').Select(ServerVariant.Parse).ToHashSet(),
        Math.Max(1, parsed.GetValue(rounds)),
        clientKind,
        parsed.GetValue(noVariants) ? new HashSet<string>()
            : parsed.GetValue(variants) is "all" or null ? null
            : parsed.GetValue(variants)!.Split(',').Select(v => v.Trim()).Where(v => v is not ("" or "none")).ToHashSet(),
        all || names.Contains(FirstSecondsName) ? TimeSpan.FromSeconds(parsed.GetValue(firstSeconds)) : null,
        all || names.Contains(IdleCpuName) ? TimeSpan.FromSeconds(parsed.GetValue(idleSeconds)) : null);
    using var output = ResultsFile.Open(Console.Out, parsed.GetValue(results), args);
    return await new BenchmarkRunner(options, output).RunAsync(cancellationToken);
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
