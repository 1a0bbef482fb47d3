using System.Net;
using Akka.TestKit.Xunit2;
using Xunit.Abstractions;

namespace ActorServer.Tests.Support;

/// <summary>
/// The base of tests that run real servers on loopback inside the TestKit's actor system, so that server logs
/// reach <c>EventFilter</c> and handlers can report to <c>TestActor</c>.
/// </summary>
public abstract class ServerSpec : TestKit
{
    public const string TestConfig = """
        akka.loglevel = DEBUG
        akka.test.timefactor = 1
        akka.test.single-expect-default = 10s
        akka.test.filter-leeway = 10s
        actor-server.server-defaults.drain-timeout = 3s
        """;

    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    protected ServerSpec(ITestOutputHelper output, string? config = null)
        : base(config is null ? TestConfig : config + "\n" + TestConfig, output: output)
    {
    }

    protected static IPEndPoint AnyLoopbackPort => new(IPAddress.Loopback, 0);

    /// <summary>Starts serving forever and returns the running task, failing the test if the server stops early.</summary>
    protected static Task Serve(SocketServer server) => server.ServeForeverAsync();

    protected TcpServer<THandler> Tcp<THandler>(Action<TcpServer<THandler>>? configure = null)
        where THandler : BaseRequestHandler, new()
    {
        var server = new TcpServer<THandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys);
        configure?.Invoke(server);
        server.ServerBind();
        server.ServerActivate();
        return server;
    }
}
