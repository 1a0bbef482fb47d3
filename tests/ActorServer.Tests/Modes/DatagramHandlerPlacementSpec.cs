using System.Net.Sockets;
using System.Text;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>
/// Where threading mode runs a datagram's handler: one rule (docs/modes.md). A handler class that overrides none of the
/// blocking methods (Setup, Handle, Finish) runs on its datagram's actor when the dispatcher is the default, which is
/// there for handlers that block; one that overrides any of them gets the default's dedicated threads; a dispatcher
/// named in the settings runs either kind.
/// </summary>
public sealed class DatagramHandlerPlacementSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static string ThreadText()
    {
        var thread = Thread.CurrentThread;
        return $"{(thread.IsThreadPoolThread ? "pool" : "dedicated")} {thread.Name}";
    }

    /// <summary>Only the asynchronous surface: replies with the thread its HandleAsync started on.</summary>
    public sealed class AsyncThreadHandler : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var (_, socket) = (DatagramRequest)Request;
            await socket.SendToAsync(Encoding.UTF8.GetBytes(ThreadText()), SocketFlags.None, ClientAddress!, cancellationToken);
        }
    }

    /// <summary>Replies "inline" when its HandleAsync starts inside the receive loop's own turn (the accept loop is on its
    /// stack), "hopped" when it was handed to another thread on the way.</summary>
    public sealed class ReceiveLoopHandler : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var inline = new System.Diagnostics.StackTrace().GetFrames()
                .Any(frame => frame.GetMethod()?.DeclaringType?.FullName?.StartsWith("ActorServer.Actors.AcceptOnce", StringComparison.Ordinal) == true);
            var (_, socket) = (DatagramRequest)Request;
            await socket.SendToAsync(Encoding.UTF8.GetBytes(inline ? "inline" : "hopped"), SocketFlags.None, ClientAddress!, cancellationToken);
        }
    }

    /// <summary>The blocking surface: replies with the thread its Handle ran on.</summary>
    public sealed class BlockingThreadHandler : DatagramRequestHandler
    {
        public override void Handle() => Write(ThreadText());
    }

    /// <summary>Asynchronous Handle, blocking Setup: a class that overrides any blocking method may block.</summary>
    public sealed class BlockingSetupHandler : DatagramRequestHandler
    {
        public override void Setup()
        {
        }

        public override Task HandleAsync(CancellationToken cancellationToken) => WriteAsync(ThreadText(), cancellationToken).AsTask();
    }

    /// <summary>Throws from its asynchronous Handle before returning a task (on "fail"); otherwise echoes upper-cased.</summary>
    public sealed class ThrowingAsyncHandler : DatagramRequestHandler
    {
        public override Task HandleAsync(CancellationToken cancellationToken)
        {
            var text = Encoding.UTF8.GetString(Packet.Span).Trim();
            return text == "fail"
                ? throw new InvalidOperationException("async handler failed on purpose")
                : WriteAsync(text.ToUpperInvariant(), cancellationToken).AsTask();
        }
    }

    private async Task<string> ThreadOf<THandler>(string? dispatcher = null)
        where THandler : BaseRequestHandler, new()
    {
        await using var server = new UdpServer<THandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Mode = ServingMode.Threading };
        if (dispatcher is not null)
            server.Dispatcher = dispatcher;
        server.ServerBind();
        _ = Serve(server);
        return await DatagramClient.RoundTripAsync(server.ServerAddress, "which thread");
    }

    [Fact]
    public async Task An_asynchronous_datagram_handler_must_run_on_its_datagrams_actor_and_not_on_the_dedicated_threads()
    {
        var thread = await ThreadOf<AsyncThreadHandler>();

        // The actor runs on Akka's default dispatcher, the .NET thread pool here.
        Assert.StartsWith("pool", thread);
        Assert.DoesNotContain("actor-server.handler-dispatcher", thread);
    }

    [Fact]
    public async Task An_asynchronous_datagram_handler_must_start_on_the_thread_that_received_its_datagram()
    {
        await using var server = new UdpServer<ReceiveLoopHandler>(AnyLoopbackPort, system: Sys) { Mode = ServingMode.Threading };
        _ = Serve(server);

        var replies = new List<string>();
        for (var i = 0; i < 10; i++)
            replies.Add(await DatagramClient.RoundTripAsync(server.ServerAddress, "where"));

        // No thread-pool hop between the receive and the handler (RequestExecutor): the request supervisor and the
        // datagram's actor run their turns on the receive loop's. The first datagram may find the supervisor still busy
        // with the run's start on another thread.
        Assert.True(replies.Count(reply => reply == "inline") >= 8, string.Join(", ", replies));
    }

    [Fact]
    public async Task A_blocking_datagram_handler_must_keep_the_dedicated_threads()
    {
        Assert.StartsWith("dedicated actor-server.handler-dispatcher", await ThreadOf<BlockingThreadHandler>());
        Assert.StartsWith("dedicated actor-server.handler-dispatcher", await ThreadOf<BlockingSetupHandler>());
    }

    [Fact]
    public async Task A_dispatcher_named_in_the_settings_must_run_an_asynchronous_datagram_handler()
    {
        // A pinned dispatcher gives the handler a thread of its own, not the pool's.
        Assert.StartsWith("dedicated", await ThreadOf<AsyncThreadHandler>("actor-server.pinned-dispatcher"));
    }

    [Fact]
    public async Task An_asynchronous_datagram_handler_that_throws_must_be_a_handler_failure_and_the_server_must_go_on()
    {
        await using var server = new UdpServer<ThrowingAsyncHandler>(AnyLoopbackPort, system: Sys) { Mode = ServingMode.Threading };
        _ = Serve(server);

        await EventFilter.Exception<InvalidOperationException>(contains: "async handler failed on purpose")
            .ExpectOneAsync(async () =>
            {
                using var client = DatagramClient.For(server.ServerAddress);
                await client.SendAsync("fail\n");
            });

        Assert.Equal("STILL HERE", await DatagramClient.RoundTripAsync(server.ServerAddress, "still here"));
        await AwaitAssertAsync(async () => Assert.Equal(1L, (await server.GetStatusAsync()).Failed), Patience);
    }

    [Theory]
    [InlineData(typeof(AsyncThreadHandler), true)]
    [InlineData(typeof(PacketLengthHandler), true)]
    [InlineData(typeof(BlockingThreadHandler), false)]
    [InlineData(typeof(BlockingSetupHandler), false)]
    [InlineData(typeof(BlockingDatagramHandler), false)]
    // A server made from a handler factory names BaseRequestHandler, which says nothing of what the factory makes.
    [InlineData(typeof(BaseRequestHandler), false)]
    public void A_handler_class_must_be_asynchronous_only_when_it_overrides_no_blocking_method(Type handlerType, bool asynchronous) =>
        Assert.Equal(asynchronous, HandlerSurface.IsAsynchronous(handlerType));
}
