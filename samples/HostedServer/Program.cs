using ActorServer;
using ActorServer.Hosting;
using ActorServer.Samples;
using ActorServer.Samples.HostedServer;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Socket servers side by side in one generic-host application, on one actor system:
//   upper: the seed's upper-casing TCP server (threading), its handler built by the container;
//   udp:   the same protocol over UDP, on the same port number;
//   stats: a TCP server that reports what the other two have served, through a shared singleton service.
// `dotnet run --project samples/HostedServer -- --port 9999 --stats-port 9998`; Ctrl-C or SIGTERM stops it gracefully.
var builder = Host.CreateApplicationBuilder(args);
var port = builder.Configuration["port"] ?? "9999";
var statsPort = builder.Configuration["stats-port"] ?? "9998";
var udpPort = builder.Configuration["udp-port"] ?? port;

builder.Services.AddSingleton<RequestCounter>();
builder.Services.AddSocketServerRegistry();
builder.Services.AddHostedService<ListeningReporter>();
builder.Services.AddHealthChecks();
builder.Services.AddAkka("hosted-server", akka => akka
    .ConfigureLoggers(loggers => loggers.AddLoggerFactory())      // Akka's logs (the servers' too) through Microsoft.Extensions.Logging
    .AddHocon("akka.coordinated-shutdown.phases.service-requests-done.timeout = 15s", HoconAddMode.Prepend)
    .WithSocketServer<UpperCaseHandler>("upper", options =>
    {
        options.Endpoint = $"127.0.0.1:{port}";
        options.Mode = ServingMode.Threading;
        options.MaxConnections = 256;
        options.DrainTimeout = TimeSpan.FromSeconds(5);
    })
    .WithSocketServer<UpperCaseDatagramHandler>("udp", options =>
    {
        options.Kind = ServerKind.Udp;
        options.Endpoint = $"127.0.0.1:{udpPort}";
        options.Mode = ServingMode.Threading;
    })
    .WithSocketServer<StatsHandler>("stats", $"127.0.0.1:{statsPort}"));

using var host = builder.Build();
// A bad setting (say --port 99999) or a port in use: one line naming the key and value, exit code 1.
return await StartupFailure.ExitCodeOfAsync(async () =>
{
    await host.RunAsync();
    Console.WriteLine("stopped gracefully");
});
