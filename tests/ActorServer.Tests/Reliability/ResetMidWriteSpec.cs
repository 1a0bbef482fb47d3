using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

/// <summary>A client that resets its connection while the server is in the middle of writing it a large reply, through
/// the async and the blocking (wfile) surface: a client fault, never a handler bug, whatever the policy.</summary>
public sealed class ResetMidWriteSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>"big" streams 256 MiB in 64 KiB chunks (far more than the socket buffers hold), telling the probe once
    /// the first chunk is out; anything else is echoed upper-cased.</summary>
    private sealed class BigWriter(IActorRef probe, bool blocking) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            var line = await ReadLineAsync(ct);
            if (line != "big")
            {
                await WriteAsync(line?.ToUpperInvariant() + "\n", ct);
                return;
            }
            var chunk = new byte[ChunkSize];
            for (var i = 0; i < 4096; i++)
            {
                if (blocking)
                    Wfile.Write(chunk);
                else
                    await WriteAsync(chunk, ct);
                if (i == 0)
                    probe.Tell("writing", ActorRefs.NoSender);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_client_reset_in_the_middle_of_a_large_reply_must_end_that_request_with_a_warning_and_never_stop_the_server(bool blocking)
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new BigWriter(TestActor, blocking), system: Sys)
        {
            Mode = ServingMode.Threading,
            OnHandlerError = HandlerErrorPolicy.StopServer,
        };
        var serving = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("big\n");
        await ExpectMsgAsync("writing");
        Assert.Equal(1000, (await client.ReadAsync(1000)).Length);

        await EventFilter.Warning(contains: $"Request from {client.Socket.LocalEndPoint} ended by the client in Handle").ExpectOneAsync(() =>
        {
            client.Reset();
            return Task.CompletedTask;
        });

        Assert.Equal("AFTER\n", await LineClient.RoundTripAsync(server.ServerAddress, "after"));
        Assert.False(serving.IsCompleted);
    }
}
