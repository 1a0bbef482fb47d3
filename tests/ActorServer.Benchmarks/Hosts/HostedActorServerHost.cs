using System.Net;
using ActorServer.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// ActorServer in an Akka.Hosting application, as the hosting chapter shows it: a generic host whose actor system
/// serves the echo handler with <c>WithSocketServer</c>. Mode <c>hosted</c> leaves the actor system's scheduler as
/// Akka.Hosting makes it (Akka's default); <c>hosted-timerqueue</c> adds <c>WithTimerQueueScheduler()</c>, what
/// docs/performance.md asks of an application that should cost nothing while idle.
/// </summary>
internal sealed class HostedActorServerHost : IBenchServer
{
    private readonly IHost _host;

    private HostedActorServerHost(IHost host, EndPoint address)
    {
        _host = host;
        Address = address;
    }

    public EndPoint Address { get; }

    public static async Task<HostedActorServerHost> StartAsync(string mode, int port)
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.ClearProviders();
        builder.Services.AddSocketServerRegistry();
        builder.Services.AddAkka("bench-hosted", akka =>
        {
            akka.AddHocon("akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING", HoconAddMode.Prepend)
                .WithSocketServer<EchoHandler>("echo", options =>
                {
                    options.Endpoint = $"127.0.0.1:{port}";
                    options.Mode = ServingMode.Threading;
                    options.MaxConnections = 20000;
                });
            if (mode == "hosted-timerqueue")
                akka.WithTimerQueueScheduler();
        });
        var host = builder.Build();
        await host.StartAsync();
        var address = await host.Services.GetRequiredService<ISocketServerRegistry>()["echo"].Bound.WaitAsync(TimeSpan.FromSeconds(30));
        return new HostedActorServerHost(host, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
