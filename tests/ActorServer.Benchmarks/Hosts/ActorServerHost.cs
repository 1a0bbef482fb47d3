using System.Net;
using ActorServer.Benchmarks.Scenarios;
using Akka.Actor;
using Akka.Configuration;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>ActorServer through its public API, in an actor system that logs warnings only.</summary>
internal sealed class ActorServerHost : IBenchServer
{
    private readonly ActorSystem _system;
    private readonly SocketServer _server;
    private readonly Task _serving;

    private ActorServerHost(ActorSystem system, SocketServer server)
    {
        _system = system;
        _server = server;
        _serving = server.ServeForeverAsync();
    }

    public EndPoint Address => _server.ServerAddress;

    /// <param name="mode">threading (handlers on the default handler-dispatcher: dedicated threads, safe for blocking
    /// handlers), threading-pool (<c>dispatcher = ""</c>: the .NET thread pool, for handlers that never block), forking (a
    /// child process per request, as Python forks), forking-warm (eight children started ahead and reused), or
    /// threading-timeout (threading, with a handler <c>Timeout</c>: what Python's per-read/write timeout costs), or
    /// threading-flow (threading, the echo or the seed's protocol as a <see cref="FlowRequestHandler"/>).</param>
    public static ActorServerHost Start(Workload workload, string mode, int port) =>
        Start(CreateSystem(ServingModeOf(mode), ExtraSettingsOf(mode)), workload, mode, port);

    private static string ServingModeOf(string mode) => mode switch
    {
        "threading-pool" or "threading-timeout" or "threading-flow" => "threading",
        "forking-warm" => "forking",
        _ => mode,
    };

    private static string ExtraSettingsOf(string mode) => mode switch
    {
        "threading-pool" => "dispatcher = \"\"",
        "forking-warm" => "warm-children = 8\n  requests-per-child = 0",
        _ => "",
    };

    /// <summary>The benchmark's actor system: warnings only, ActorServer's scheduler, the server defaults for
    /// <paramref name="servingMode"/>, and <paramref name="akkaHocon"/> (a cluster node's provider and roles).</summary>
    public static ActorSystem CreateSystem(string servingMode, string extra, string akkaHocon = "")
    {
        // BENCH_HOCON: extra settings for the server's actor system, last so they win (experiments: Akka's own scheduler,
        // akka.scheduler.tick-duration, ...).
        var extraHocon = Environment.GetEnvironmentVariable("BENCH_HOCON") ?? "";
        return ActorSystem.Create("bench", ConfigurationFactory.ParseString($$"""
            akka {
              # What docs/performance.md asks of a system an application brings: no scheduler tick while idle.
              scheduler.implementation = "ActorServer.TimerQueueScheduler, ActorServer"
              loglevel = WARNING
              stdout-loglevel = WARNING
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
            }
            {{akkaHocon}}
            actor-server.server-defaults {
              mode = {{servingMode}}
              {{extra}}
              request-queue-size = {{Work.Backlog}}
              max-connections = 20000
              drain-timeout = 2s
            }
            {{extraHocon}}
            """));
    }

    /// <summary>The server of <paramref name="workload"/> in <paramref name="system"/>, made with its defaults.</summary>
    public static ActorServerHost Start(ActorSystem system, Workload workload, string mode, int port)
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, port);
        SocketServer server = workload switch
        {
            Workload.Echo when mode == "threading-timeout" =>
                new TcpServer(endpoint, () => new EchoHandler { Timeout = TimeSpan.FromSeconds(30) }, system: system),
            Workload.Echo when mode == "threading-flow" => new TcpServer<EchoFlow>(endpoint, system: system),
            Workload.Echo => new TcpServer<EchoHandler>(endpoint, system: system),
            Workload.UpperLine when mode == "threading-flow" => new TcpServer<UpperLineFlow>(endpoint, system: system),
            Workload.UpperLine => new TcpServer<UpperLineHandler>(endpoint, system: system),
            _ => new UdpServer<UdpEchoHandler>(endpoint, system: system),
        };
        return new ActorServerHost(system, server);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.ShutdownAsync();
        try
        {
            await _serving;
        }
        catch (Exception e)
        {
            await Console.Error.WriteLineAsync($"ActorServer stopped with {e.GetType().Name}: {e.Message}");
        }
        await _server.DisposeAsync();
        await _system.Terminate();
    }
}
