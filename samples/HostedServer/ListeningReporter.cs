using ActorServer.Hosting;
using Microsoft.Extensions.Hosting;

namespace ActorServer.Samples.HostedServer;

/// <summary>An ordinary hosted service that learns where the servers listen by injection of <see cref="ISocketServerRegistry"/>.</summary>
public sealed class ListeningReporter(ISocketServerRegistry servers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var server in servers.All)
            Console.WriteLine($"{server.Name} listening on {await server.Bound.WaitAsync(stoppingToken)}");
    }
}
