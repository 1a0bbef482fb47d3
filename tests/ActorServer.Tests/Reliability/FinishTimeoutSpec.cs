using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

public sealed class FinishTimeoutSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Answers, then hangs in Finish: cooperatively (awaiting its token) or blocked on an event.</summary>
    private sealed class HangingFinishHandler(bool blocking, ManualResetEventSlim release) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            var line = await ReadLineAsync(ct);
            await WriteAsync((line ?? "").ToUpperInvariant() + "\n", ct);
        }

        public override async Task FinishAsync(CancellationToken ct)
        {
            if (blocking)
                release.Wait(TimeSpan.FromSeconds(30));
            else
                await Task.Delay(System.Threading.Timeout.Infinite, ct);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_finish_that_hangs_must_be_cut_off_at_the_finish_timeout_and_free_its_slot(bool blocking)
    {
        using var release = new ManualResetEventSlim();
        try
        {
            await using var server = new TcpServer(AnyLoopbackPort, () => new HangingFinishHandler(blocking, release), bindAndActivate: false, system: Sys);
            server.FinishTimeout = TimeSpan.FromMilliseconds(500);
            server.ServerBind();
            server.ServerActivate();
            _ = Serve(server);

            await EventFilter.Warning(contains: "passed the finish-timeout of 500 ms: cancelled, and its connection closed").ExpectOneAsync(async () =>
            {
                using var client = await LineClient.ConnectAsync(server.ServerAddress);
                await client.SendAsync("first\n");
                Assert.Equal("FIRST\n", await client.ReadAsync(6));
                // Finish hangs; the finish-timeout closes the connection (a blocked Finish is abandoned a second later).
                Assert.Null(await Record.ExceptionAsync(client.ReadToEndAsync) as OperationCanceledException);
            });

            // A synchronous server serves one request at a time: the next one proves the slot was freed.
            using var next = await LineClient.ConnectAsync(server.ServerAddress);
            await next.SendAsync("second\n");
            Assert.Equal("SECOND\n", await next.ReadAsync(7));
        }
        finally
        {
            release.Set();
        }
    }
}
