using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Handlers;

/// <summary>The handler's phases, reported to the TestKit's probe as they run.</summary>
public sealed class HandlerLifecycleSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private sealed record Phase(string Name, int Instance);

    /// <summary>Reports each phase to a probe; fails in the phase the client names.</summary>
    private sealed class RecordingHandler(IActorRef probe, int instance) : StreamRequestHandler
    {
        private string _failIn = string.Empty;

        public override async Task SetupAsync(CancellationToken ct)
        {
            _failIn = await ReadLineAsync(ct) ?? string.Empty;
            probe.Tell(new Phase("setup", instance));
            if (_failIn == "setup")
                throw new InvalidOperationException("setup failed on purpose");
        }

        public override void Handle()
        {
            probe.Tell(new Phase("handle", instance));
            if (_failIn == "handle")
                throw new InvalidOperationException("handle failed on purpose");
            Write("handled\n");
        }

        public override Task FinishAsync(CancellationToken ct)
        {
            probe.Tell(new Phase("finish", instance));
            return Task.CompletedTask;
        }
    }

    private TcpServer Recording()
    {
        var instances = 0;
        return new TcpServer(AnyLoopbackPort, () => new RecordingHandler(TestActor, Interlocked.Increment(ref instances)), system: Sys);
    }

    [Fact]
    public async Task A_handler_must_run_setup_then_handle_then_finish()
    {
        await using var server = Recording();
        _ = Serve(server);

        Assert.Equal("handled\n", await LineClient.RoundTripAsync(server.ServerAddress, "ok"));

        Assert.Equal(new Phase("setup", 1), ExpectMsg<Phase>());
        Assert.Equal(new Phase("handle", 1), ExpectMsg<Phase>());
        Assert.Equal(new Phase("finish", 1), ExpectMsg<Phase>());
    }

    [Fact]
    public async Task A_handler_must_not_finish_when_setup_threw()
    {
        await using var server = Recording();
        _ = Serve(server);

        Assert.Equal(string.Empty, await LineClient.RoundTripAsync(server.ServerAddress, "setup"));

        Assert.Equal("setup", ExpectMsg<Phase>().Name);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_handler_must_finish_even_when_handle_threw()
    {
        await using var server = Recording();
        _ = Serve(server);

        Assert.Equal(string.Empty, await LineClient.RoundTripAsync(server.ServerAddress, "handle"));

        Assert.Equal("setup", ExpectMsg<Phase>().Name);
        Assert.Equal("handle", ExpectMsg<Phase>().Name);
        Assert.Equal("finish", ExpectMsg<Phase>().Name);
    }

    [Fact]
    public async Task A_server_must_create_a_new_handler_instance_for_each_request()
    {
        await using var server = Recording();
        _ = Serve(server);

        for (var i = 1; i <= 3; i++)
        {
            await LineClient.RoundTripAsync(server.ServerAddress, "ok");
            var phases = ReceiveN(3).Cast<Phase>().ToList();
            Assert.All(phases, p => Assert.Equal(i, p.Instance));
        }
    }
}
