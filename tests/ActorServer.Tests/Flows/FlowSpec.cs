using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>The base of flow handler tests on real loopback servers: handlers made by a typed factory (as Akka.Hosting
/// makes them), so that the connection actor knows it runs a flow and materializes it with its own materializer.</summary>
public abstract class FlowSpec(ITestOutputHelper output, string? config = null) : ServerSpec(output, config)
{
    /// <summary>Each of <paramref name="kinds"/> in each serving mode of one node, for a theory (cluster mode needs a
    /// cluster: ActorServer.Cluster.Tests serves flows in it).</summary>
    protected static TheoryData<string, ServingMode> InEveryMode(params string[] kinds)
    {
        var data = new TheoryData<string, ServingMode>();
        foreach (var kind in kinds)
            foreach (var mode in Enum.GetValues<ServingMode>().Where(m => m != ServingMode.Cluster))
                data.Add(kind, mode);
        return data;
    }

    protected TcpServer FlowServer<THandler>(Func<THandler> create, Action<TcpServer>? configure = null)
        where THandler : FlowRequestHandler
    {
        var server = new TcpServer(AnyLoopbackPort, typeof(THandler), create, bindAndActivate: false, Sys, name: null);
        configure?.Invoke(server);
        server.ServerBind();
        server.ServerActivate();
        return server;
    }
}
