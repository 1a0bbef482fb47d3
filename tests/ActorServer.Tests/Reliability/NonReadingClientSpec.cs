using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

public sealed class NonReadingClientSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const long Attempted = 512L * 1024 * 1024;
    private const long MemoryBound = 64L * 1024 * 1024;
    private static readonly byte[] Chunk = new byte[1024 * 1024];

    /// <summary>Tries to send <see cref="Attempted"/> bytes to a client that reads none; reports how far it got.</summary>
    private sealed class FirehoseHandler(IActorRef probe, bool blocking) : StreamRequestHandler
    {
        public FirehoseHandler() : this(ActorRefs.Nobody, false)
        {
        }

        public override async Task HandleAsync(CancellationToken ct)
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            long written = 0;
            try
            {
                while (written < Attempted)
                {
                    if (blocking)
                        Wfile.Write(Chunk);
                    else
                        await WriteAsync(Chunk, ct);
                    written += Chunk.Length;
                }
            }
            catch (PeerTimeoutException)
            {
                var grown = GC.GetTotalMemory(forceFullCollection: true) - before;
                probe.Tell(new Blocked(written, grown));
                throw;
            }
            probe.Tell(new Blocked(written, 0));
        }
    }

    private sealed record Blocked(long Written, long MemoryGrowth);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Writes_to_a_client_that_never_reads_must_block_and_time_out_without_growing_memory(bool blocking)
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new FirehoseHandler(TestActor, blocking) { Timeout = TimeSpan.FromMilliseconds(500) },
            bindAndActivate: false, system: Sys);
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        var blocked = await EventFilter.Warning(contains: "no write completed within the handler timeout of 500 ms").ExpectOneAsync(
            () => ExpectMsgAsync<Blocked>(TimeSpan.FromSeconds(20)).AsTask());

        Output?.WriteLine($"{(blocking ? "Wfile.Write" : "WriteAsync")}: {blocked.Written / 1024} KiB accepted of {Attempted / 1024} KiB before the write timed out; managed memory grew {blocked.MemoryGrowth / 1024} KiB");
        Assert.True(blocked.Written < MemoryBound, $"the server accepted {blocked.Written} bytes for a client that reads nothing");
        Assert.True(blocked.MemoryGrowth < MemoryBound, $"managed memory grew {blocked.MemoryGrowth} bytes");
        // The server closed the connection: what the kernel held drains, then the client sees the end (or a reset).
        var end = await Record.ExceptionAsync(client.ReadToEndAsync);
        Assert.True(end is null or System.Net.Sockets.SocketException, $"the connection was not closed: {end}");
    }
}
