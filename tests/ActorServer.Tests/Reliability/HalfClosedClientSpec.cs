using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

/// <summary>A client that shuts down its sending side and waits for the answer: the handler sees end of stream after
/// the last line and can still write; the reply arrives whole and then the server closes.</summary>
public sealed class HalfClosedClientSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Reads every line until end of stream, then answers with all of them at once.</summary>
    private sealed class CollectingHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            var lines = new List<string>();
            while (await ReadLineAsync(ct) is { } line)
                lines.Add(line.ToUpperInvariant());
            await WriteAsync($"{lines.Count} lines: {string.Join(",", lines)}\n", ct);
        }
    }

    [Theory]
    [InlineData(ServingMode.Synchronous)]
    [InlineData(ServingMode.Threading)]
    public async Task A_half_closed_client_must_get_its_whole_reply_after_the_server_sees_end_of_stream(ServingMode mode)
    {
        await using var server = Tcp<CollectingHandler>(s => s.Mode = mode);
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await client.SendAsync("one\ntwo\nthree");
        client.Socket.Shutdown(SocketShutdown.Send);

        Assert.Equal("3 lines: ONE,TWO,THREE\n", await client.ReadToEndAsync());
        Assert.Equal("0 lines: \n", await HalfClosedAtOnce(server));
    }

    /// <summary>A client that closes its side before sending anything gets the empty answer, not a hang.</summary>
    private static async Task<string> HalfClosedAtOnce(SocketServer server)
    {
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        client.Socket.Shutdown(SocketShutdown.Send);
        return await client.ReadToEndAsync();
    }
}
