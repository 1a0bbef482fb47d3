using System.Net;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>A flow handler serves wherever a handler type is accepted: TCP and Unix stream servers, every mode (in
/// forking mode the flow runs in the child, which materializes it itself), and servers defined in HOCON.</summary>
public sealed class FlowKindsAndModesSpec(ITestOutputHelper output) : FlowSpec(output, """
    actor-server.servers.configured-flow { endpoint = "127.0.0.1:0", handler = "ActorServer.Tests.Flows.UpperWithPidFlow, ActorServer.Tests", mode = threading }
    """)
{
    public static TheoryData<string, ServingMode> KindsAndModes() => InEveryMode("tcp", "unix");

    [Theory]
    [MemberData(nameof(KindsAndModes))]
    public async Task A_line_protocol_flow_must_serve_in_every_stream_kind_and_mode(string kind, ServingMode mode)
    {
        await using SocketServer server = kind == "tcp"
            ? new TcpServer<UpperWithPidFlow>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Mode = mode }
            : new UnixStreamServer<UpperWithPidFlow>(TempSocketPath.Next(), bindAndActivate: false, system: Sys) { Mode = mode };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("hello\nflow\n");
        var replies = (await client.ReadLinesAsync(2)).Select(line => line.Split(' ')).ToList();

        Assert.Equal(["HELLO", "FLOW"], replies.Select(r => r[0]));
        var servedBy = int.Parse(replies[0][1]);
        if (mode == ServingMode.Forking)
            Assert.NotEqual(Environment.ProcessId, servedBy);
        else
            Assert.Equal(Environment.ProcessId, servedBy);
    }

    [Fact]
    public async Task A_flow_handler_named_in_hocon_must_serve()
    {
        await using var server = SocketServerFactory.Create(Sys, "configured-flow");
        _ = Serve(server);

        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("configured\n");

        Assert.Equal($"CONFIGURED {Environment.ProcessId}", (await client.ReadLinesAsync(1))[0]);
    }

    [Fact]
    public async Task A_flow_handler_from_an_untyped_factory_must_serve_on_the_systems_materializer()
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new UpperWithPidFlow(), system: Sys);
        _ = Serve(server);

        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("untyped\n");

        Assert.StartsWith("UNTYPED ", (await client.ReadLinesAsync(1))[0]);
    }

    [Fact]
    public void A_flow_handler_must_be_refused_by_a_datagram_server_and_a_datagram_flow_handler_by_a_stream_server()
    {
        var forDatagrams = Assert.Throws<ArgumentException>(() => new UdpServer<UpperWithPidFlow>(new IPEndPoint(IPAddress.Loopback, 0), bindAndActivate: false, system: Sys));
        var forStreams = Assert.Throws<ArgumentException>(() => new TcpServer<UpperDatagramFlow>(AnyLoopbackPort, bindAndActivate: false, system: Sys));

        Assert.Contains("is a FlowRequestHandler, which cannot serve the datagrams", forDatagrams.Message);
        Assert.Contains("is a DatagramFlowHandler, which cannot serve the connections", forStreams.Message);
    }
}
