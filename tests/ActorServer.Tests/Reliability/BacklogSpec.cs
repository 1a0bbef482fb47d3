using System.Net.Sockets;
using System.Runtime.Versioning;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

/// <summary>The default backlog holds a burst of clients (Python's old 5 does not). A Unix stream connect that finds the
/// backlog full fails at once rather than retrying as TCP's SYN does, which makes the backlog's size plain to see.</summary>
[SupportedOSPlatform("linux")]
public sealed class BacklogSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task A_burst_of_clients_must_all_connect_to_a_busy_synchronous_server_with_the_default_backlog()
    {
        await using var server = new UnixStreamServer<UpperCaseHandler>(TempSocketPath.Next(), system: Sys);
        Assert.Equal(4096, server.RequestQueueSize);
        _ = Serve(server);
        var clients = new List<Socket>();
        try
        {
            // The first client says nothing: its request holds the synchronous server, which accepts no other.
            using var busy = await LineClient.ConnectAsync(server.ServerAddress);
            for (var i = 0; i < 64; i++)
            {
                var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                clients.Add(client);
                await client.ConnectAsync(server.ServerAddress).WaitAsync(Patience);
            }
            Assert.All(clients, c => Assert.True(c.Connected));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }
}
