using System.Reflection;
using ActorServer;
using ActorServer.Hosting;
using ActorServer.Testing;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// ActorServer.TestKit: the handler, without a socket, before it serves.
await using (var client = HandlerClient.Connect<WhereHandler>())
{
    await client.SendLineAsync("where");
    Console.WriteLine($"testkit: {await client.ExpectLineAsync()}");
}

// ActorServer.Hosting and ActorServer: a forking server on port 0, until SIGTERM.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSocketServerRegistry();
builder.Services.AddAkka("consumer", akka => akka
    .WithSocketServer<WhereHandler>("where", options =>
    {
        options.Endpoint = "127.0.0.1:0";
        options.Mode = ServingMode.Forking;
    }));
using var host = builder.Build();
await host.StartAsync();
var server = host.Services.GetRequiredService<ISocketServerRegistry>()["where"];
Console.WriteLine($"server process: {Environment.ProcessId}");
// ActorServer.Cluster: its assembly loads, and its mode is known to the core (serving it needs a cluster).
Console.WriteLine($"cluster: {typeof(ActorServer.Cluster.ActorServerCluster).Assembly.GetName().Version} {ServingMode.Cluster}");
Console.WriteLine($"listening on {await server.Bound}");
await host.WaitForShutdownAsync();

/// <summary>Says where it runs: its process, and the ActorServer assembly it was loaded from.</summary>
public sealed class WhereHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken ct)
    {
        if (await ReadLineAsync(ct) is null)
            return;
        var library = typeof(StreamRequestHandler).Assembly;
        var version = library.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        await WriteAsync($"{Environment.ProcessId} {version} {library.Location}\n", ct);
    }
}
