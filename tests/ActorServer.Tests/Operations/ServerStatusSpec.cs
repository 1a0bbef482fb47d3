using System.Net;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Operations;

/// <summary>The status snapshot after a scripted workload: every count and byte is known in advance.</summary>
public sealed class ServerStatusSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Refuses the clients the test names by their local port.</summary>
    private sealed class ChoosyServer(EndPoint address, ActorSystem system) : TcpServer<LineEchoHandler>(address, bindAndActivate: false, system: system)
    {
        public HashSet<int> RefusedPorts { get; } = [];

        protected override bool VerifyRequest(object request, EndPoint? clientAddress)
        {
            lock (RefusedPorts)
                return clientAddress is not IPEndPoint ip || !RefusedPorts.Contains(ip.Port);
        }
    }

    [Fact]
    public async Task The_status_must_count_a_scripted_workload_exactly_with_the_live_connection_s_client_and_bytes()
    {
        await using var server = new ChoosyServer(AnyLoopbackPort, Sys);
        server.Mode = ServingMode.Threading;
        server.RequestTimeout = TimeSpan.FromMilliseconds(300);
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        // Served and closed: 6 bytes in, 6 out.
        using (var served = await LineClient.ConnectAsync(server.ServerAddress))
        {
            await served.SendAsync("hello\n");
            served.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            Assert.Equal("HELLO\n", await served.ReadToEndAsync());
        }
        // Failed by its handler: 5 bytes in.
        using (var failing = await LineClient.ConnectAsync(server.ServerAddress))
        {
            await failing.SendAsync("boom\n");
            Assert.Equal("", await failing.ReadToEndAsync(resetEnds: true));
        }
        // Refused by VerifyRequest.
        using (var refused = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp))
        {
            refused.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            lock (server.RefusedPorts)
                server.RefusedPorts.Add(((IPEndPoint)refused.LocalEndPoint!).Port);
            await refused.ConnectAsync(server.ServerAddress);
            Assert.Equal("", await LineClient.Over(refused).ReadToEndAsync(resetEnds: true));
        }
        // Silent past the request-timeout.
        using (var silent = await LineClient.ConnectAsync(server.ServerAddress))
            Assert.Equal("", await silent.ReadToEndAsync(resetEnds: true));
        // Live: 3 bytes each way so far.
        using var live = await LineClient.ConnectAsync(server.ServerAddress);
        await live.SendAsync("ab\n");
        Assert.Equal("AB", (await live.ReadLinesAsync(1))[0]);

        ServerStatus status = null!;
        await AwaitAssertAsync(async () =>
        {
            status = await server.GetStatusAsync();
            Assert.Equal((5L, 1L, 1L, 1L, 1), (status.Accepted, status.Refused, status.Failed, status.TimedOut, status.Live));
        }, Patience);

        Assert.Equal(ServerState.Serving, status.State);
        Assert.Equal(server.ServerAddress, status.Address);
        Assert.Equal((server.Name, 1024, 1024, 0), (status.Name, status.MaxConnections, status.Capacity, status.Queued));
        Assert.Equal((6L + 5 + 3, 6L + 3), (status.BytesReceived, status.BytesSent));
        var connection = Assert.Single(status.Connections);
        Assert.Equal(live.Socket.LocalEndPoint, connection.Client);
        Assert.Equal((3L, 3L), (connection.BytesReceived, connection.BytesSent));
        Assert.InRange(connection.Age, TimeSpan.Zero, Patience);
        Assert.Empty(status.ActiveChildren);
    }
}
