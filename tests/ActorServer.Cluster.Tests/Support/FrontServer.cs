using System.Net;
using Akka.Actor;
using Akka.Configuration;

namespace ActorServer.Cluster.Tests.Support;

/// <summary>A cluster-mode server on a front node, defined by HOCON as an application would define it, serving forever.</summary>
public sealed class FrontServer : IAsyncDisposable
{
    private readonly Task _serving;

    private FrontServer(SocketServer server)
    {
        Server = server;
        _serving = server.ServeForeverAsync();
    }

    public SocketServer Server { get; }

    public EndPoint Address => Server.ServerAddress;

    /// <summary>The HOCON a worker node needs: the package's extension, which starts its worker.</summary>
    public const string WorkerHocon = """akka.extensions = ["ActorServer.Cluster.ActorServerClusterExtension, ActorServer.Cluster"]""";

    /// <summary>Starts server <paramref name="name"/> on <paramref name="front"/>, in cluster mode with <paramref name="handler"/>
    /// and any keys of its own in <paramref name="hocon"/>.</summary>
    public static FrontServer Start(ActorSystem front, Type handler, string hocon = "", string name = "remote")
    {
        var definition = ConfigurationFactory.ParseString($$"""
            actor-server.servers.{{name}} {
              kind = tcp
              endpoint = "127.0.0.1:0"
              handler = "{{handler.FullName}}, {{handler.Assembly.GetName().Name}}"
              mode = cluster
              {{hocon}}
            }
            """).WithFallback(front.Settings.Config);
        return new FrontServer(SocketServerFactory.Create(front, ServerDefinition.Create(definition, name)));
    }

    public async ValueTask DisposeAsync()
    {
        await Server.ShutdownAsync();
        await Server.DisposeAsync();
        await _serving.WaitAsync(ClusterNodes.Patience);
    }
}
