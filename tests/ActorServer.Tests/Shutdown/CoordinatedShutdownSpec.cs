using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;
using Akka;
using Akka.Actor;
using Akka.Configuration;

namespace ActorServer.Tests.Shutdown;

/// <summary>
/// Servers join their actor system's CoordinatedShutdown. Each test runs its own actor system, because coordinated
/// shutdown ends with the system's termination; the test observes the phases with a task of its own in
/// <c>service-requests-done</c>, which runs after <c>service-unbind</c> and beside the server's drain.
/// </summary>
public sealed class CoordinatedShutdownSpec : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    private readonly ActorSystem _system = ActorSystem.Create("shutdown-spec", ConfigurationFactory.ParseString($$"""
        akka.loglevel = INFO
        akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
        akka.coordinated-shutdown.phases.service-requests-done.timeout = 30s
        actor-server.server-defaults {
          mode = threading
          drain-timeout = {{DrainTimeout.TotalMilliseconds}}ms
        }
        """));

    private CoordinatedShutdown Shutdown => CoordinatedShutdown.Get(_system);

    [Fact]
    public async Task A_request_in_flight_when_shutdown_starts_must_complete_and_its_reply_must_arrive()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Serve(() => new GatedHandler(started, gate.Task));
        var serving = server.ServeForeverAsync();
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("in flight\n");
        await started.Task.WaitAsync(Patience);

        // Released only once the server has unbound: the reply is written during the drain.
        DuringDrain(() => gate.TrySetResult());
        await Shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(Patience);

        Assert.Equal("IN FLIGHT\n", await client.ReadToEndAsync());
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_connect_after_unbind_must_be_refused()
    {
        await using var server = Serve(() => new UpperCaseHandler());
        var serving = server.ServeForeverAsync();
        var address = server.ServerAddress;
        Assert.Equal("BEFORE\n", await LineClient.RoundTripAsync(address, "before"));

        var refusal = new TaskCompletionSource<SocketError>(TaskCreationOptions.RunContinuationsAsynchronously);
        DuringDrain(async () =>
        {
            try
            {
                using var late = await LineClient.ConnectAsync(address);
                refusal.TrySetResult(SocketError.Success);
            }
            catch (SocketException e)
            {
                refusal.TrySetResult(e.SocketErrorCode);
            }
        });
        await Shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(Patience);

        Assert.Equal(SocketError.ConnectionRefused, await refusal.Task.WaitAsync(Patience));
        await serving.WaitAsync(Patience);
    }

    [Fact]
    public async Task A_request_still_running_at_the_drain_timeout_must_see_its_token_fire_and_its_socket_close()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Serve(() => new GatedHandler(started, Task.Delay(Timeout.Infinite), cancelled));
        _ = server.ServeForeverAsync();
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("forever\n");
        await started.Task.WaitAsync(Patience);

        await Shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(Patience);

        await cancelled.Task.WaitAsync(Patience);
        Assert.Equal(string.Empty, await ReadUntilClosedAsync(client));
    }

    [Fact]
    public async Task Shutdown_must_not_hang_past_its_bound_when_a_handler_ignores_cancellation()
    {
        using var stuck = new ManualResetEventSlim();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = Serve(() => new StubbornHandler(started, stuck));
        _ = server.ServeForeverAsync();
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("stubborn\n");
        await started.Task.WaitAsync(Patience);

        try
        {
            // The drain timeout, the request supervisor's one-second grace for handlers that ignore their token,
            // and a margin for a loaded machine: far below the 30 s the phase itself would allow.
            var bound = DrainTimeout + TimeSpan.FromSeconds(1) + TimeSpan.FromSeconds(3);
            await Shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(bound);
        }
        finally
        {
            stuck.Set();
        }
        Assert.Equal(string.Empty, await ReadUntilClosedAsync(client));
    }

    [Fact]
    public async Task A_server_disposed_before_coordinated_shutdown_must_be_passed_over()
    {
        var server = Serve(() => new UpperCaseHandler());
        var serving = server.ServeForeverAsync();
        await server.DisposeAsync();
        await serving.WaitAsync(Patience);

        await Shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(Patience);
        await server.DisposeAsync();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.ServeForeverAsync());
    }

    [Fact]
    public async Task Dispose_during_coordinated_shutdown_must_share_its_path_and_return()
    {
        await using var server = Serve(() => new UpperCaseHandler());
        var serving = server.ServeForeverAsync();

        var shutdown = Shutdown.Run(CoordinatedShutdown.UnknownReason.Instance);
        await server.DisposeAsync().AsTask().WaitAsync(Patience);
        await shutdown.WaitAsync(Patience);

        await serving.WaitAsync(Patience);
        Assert.False(server.IsServing);
    }

    private TcpServer Serve(Func<BaseRequestHandler> handler) =>
        new(new IPEndPoint(IPAddress.Loopback, 0), handler, system: _system);

    /// <summary>Runs <paramref name="action"/> in <c>service-requests-done</c>: after unbind, while requests drain.</summary>
    private void DuringDrain(Func<Task> action) =>
        Shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "test-" + Guid.NewGuid().ToString("N"), async () =>
        {
            await action();
            return Done.Instance;
        });

    private void DuringDrain(Action action) => DuringDrain(() =>
    {
        action();
        return Task.CompletedTask;
    });

    /// <summary>What the server sent before it closed; a reset counts as closed too.</summary>
    private static async Task<string> ReadUntilClosedAsync(LineClient client)
    {
        try
        {
            return await client.ReadToEndAsync();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return string.Empty;
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _system.Terminate().WaitAsync(Patience);

    /// <summary>Reads a line, reports that it started, waits for <paramref name="gate"/>, replies upper-cased.</summary>
    private sealed class GatedHandler(TaskCompletionSource started, Task gate, TaskCompletionSource? cancelled = null) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var line = await ReadLineAsync(cancellationToken);
            started.TrySetResult();
            try
            {
                await gate.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled?.TrySetResult();
                throw;
            }
            await WriteAsync(line!.ToUpperInvariant() + "\n", cancellationToken);
        }
    }

    /// <summary>Blocks without looking at its token: the worst case shutdown must still bound.</summary>
    private sealed class StubbornHandler(TaskCompletionSource started, ManualResetEventSlim stuck) : StreamRequestHandler
    {
        public override void Handle()
        {
            ReadLine();
            started.TrySetResult();
            stuck.Wait();
        }
    }
}
