using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>What shutdown does to requests in flight: Python's block_on_close and daemon_threads.</summary>
public sealed class CloseWaitSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Tells the probe it has started, then waits for the test's release or for cancellation.</summary>
    private sealed class HeldHandler(IActorRef probe, Task release) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            await ReadLineAsync(ct);
            probe.Tell("entered");
            try
            {
                await release.WaitAsync(ct);
                await WriteAsync("finished\n", ct);
            }
            catch (OperationCanceledException)
            {
                probe.Tell("cancelled");
                throw;
            }
        }
    }

    private TcpServer Held(Task release, Action<TcpServer> configure)
    {
        var server = new TcpServer(AnyLoopbackPort, () => new HeldHandler(TestActor, release), system: Sys) { Mode = ServingMode.Threading };
        configure(server);
        return server;
    }

    [Fact]
    public async Task Block_on_close_must_make_shutdown_wait_for_a_request_in_flight_and_deliver_its_reply()
    {
        var release = new TaskCompletionSource();
        await using var server = Held(release.Task, s => s.BlockOnClose = true);
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("hold\n");
        await ExpectMsgAsync("entered");

        var shutdown = server.ShutdownAsync();
        Assert.NotSame(shutdown, await Task.WhenAny(shutdown, Task.Delay(300)));
        release.SetResult();

        Assert.Equal("finished\n", await client.ReadToEndAsync());
        await shutdown.WaitAsync(Patience);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public async Task Daemon_threads_or_no_block_on_close_must_cancel_requests_in_flight_at_once(bool daemonThreads, bool blockOnClose)
    {
        var never = new TaskCompletionSource();
        await using var server = Held(never.Task, s =>
        {
            s.DaemonThreads = daemonThreads;
            s.BlockOnClose = blockOnClose;
            s.DrainTimeout = TimeSpan.FromMinutes(1);
        });
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("hold\n");
        await ExpectMsgAsync("entered");

        await server.ShutdownAsync().WaitAsync(Patience);

        await ExpectMsgAsync("cancelled");
        await client.AssertResetAsync();
    }

    /// <summary>Ignores cancellation: blocks its thread until released.</summary>
    private sealed class StubbornHandler(IActorRef probe, ManualResetEventSlim release) : StreamRequestHandler
    {
        public override void Handle()
        {
            ReadLine();
            probe.Tell("entered");
            release.Wait(TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Shutdown_must_never_wait_past_the_drain_timeout_even_for_a_handler_that_ignores_cancellation()
    {
        using var release = new ManualResetEventSlim();
        await using var server = new TcpServer(AnyLoopbackPort, () => new StubbornHandler(TestActor, release), system: Sys)
        {
            Mode = ServingMode.Threading,
            DrainTimeout = TimeSpan.FromMilliseconds(200),
        };
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("hold\n");
        await ExpectMsgAsync("entered");

        await EventFilter.Warning(contains: "ignored cancellation").ExpectOneAsync(() => server.ShutdownAsync().WaitAsync(Patience));

        await client.AssertResetAsync();
        release.Set();
    }
}
