using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>
/// Where threading mode runs a stream request's handler (docs/modes.md): under the default dispatcher, a handler class
/// that overrides none of the blocking methods runs on the .NET thread pool, and one that overrides any of them on the
/// default's dedicated threads; a dispatcher named in the settings runs either kind. The handler never runs on its
/// connection actor, whose mailbox must stay free for cancellation.
/// </summary>
public sealed class StreamHandlerPlacementSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static string ThreadText()
    {
        var thread = Thread.CurrentThread;
        return $"{(thread.IsThreadPoolThread ? "pool" : "dedicated")} {thread.Name}";
    }

    /// <summary>Only the asynchronous surface: replies with the thread its HandleAsync started on.</summary>
    public sealed class AsyncThreadHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            _ = await ReadLineAsync(cancellationToken);
            await WriteAsync(ThreadText() + "\n", cancellationToken);
        }
    }

    /// <summary>Asynchronous Handle, blocking Setup: a class that overrides any blocking method may block.</summary>
    public sealed class BlockingSetupHandler : StreamRequestHandler
    {
        private string _where = "";

        public override void Setup() => _where = ThreadText();

        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            _ = await ReadLineAsync(cancellationToken);
            await WriteAsync(_where + "\n", cancellationToken);
        }
    }

    private async Task<string> ThreadOf<THandler>(string? dispatcher = null)
        where THandler : BaseRequestHandler, new()
    {
        await using var server = Tcp<THandler>(s =>
        {
            s.Mode = ServingMode.Threading;
            if (dispatcher is not null)
                s.Dispatcher = dispatcher;
        });
        _ = Serve(server);
        return (await LineClient.RoundTripAsync(server.ServerAddress, "which thread")).Trim();
    }

    [Fact]
    public async Task An_asynchronous_stream_handler_must_run_on_the_thread_pool_under_the_default_dispatcher()
    {
        var thread = await ThreadOf<AsyncThreadHandler>();

        Assert.StartsWith("pool", thread);
        Assert.DoesNotContain("actor-server.handler-dispatcher", thread);
    }

    [Fact]
    public async Task A_stream_handler_that_overrides_a_blocking_method_must_keep_the_dedicated_threads() =>
        Assert.StartsWith("dedicated actor-server.handler-dispatcher", await ThreadOf<BlockingSetupHandler>());

    [Fact]
    public async Task A_dispatcher_named_in_the_settings_must_run_an_asynchronous_stream_handler() =>
        Assert.StartsWith("dedicated", await ThreadOf<AsyncThreadHandler>("actor-server.pinned-dispatcher"));
}
