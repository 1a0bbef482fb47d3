using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Xunit.Abstractions;

namespace ActorServer.Testing;

/// <summary>
/// The base of handler tests: an Akka.NET TestKit (so a handler can message <c>TestActor</c> or real actors in
/// <c>Sys</c>) with <see cref="Connect{THandler}"/> to run a stream handler against a test client, and
/// <see cref="ConnectDatagram{THandler}"/> to send datagrams to a datagram handler. Expectations wait for the TestKit's
/// expect timeout, dilated by <c>akka.test.timefactor</c>.
/// </summary>
/// <example>
/// <code>
/// public sealed class UpperCaseHandlerSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
/// {
///     [Fact]
///     public async Task It_must_reply_upper_cased()
///     {
///         await using var client = Connect&lt;UpperCaseHandler&gt;();
///         await client.SendLineAsync("hello");
///         await client.ExpectLineAsync("HELLO");
///     }
/// }
/// </code>
/// </example>
public abstract class HandlerTestKit : Akka.TestKit.Xunit2.TestKit
{
    private IMaterializer? _materializer;

    /// <summary>A TestKit with <paramref name="config"/> over ActorServer's and Akka's defaults.</summary>
    protected HandlerTestKit(string? config = null, ITestOutputHelper? output = null)
        : base(ActorServerConfig.WithDefaults(ConfigurationFactory.ParseString(config ?? string.Empty)), output: output)
    {
    }

    /// <summary>A TestKit running in <paramref name="system"/>.</summary>
    protected HandlerTestKit(ActorSystem system, ITestOutputHelper? output = null)
        : base(system, output)
    {
    }

    /// <summary>Starts a new <typeparamref name="THandler"/> against a test client: in memory for a
    /// <see cref="StreamRequestHandler"/>, over a real socket pair for any other handler (see <see cref="HandlerClientOptions.Transport"/>).</summary>
    /// <exception cref="ArgumentException">The handler is a <see cref="DatagramRequestHandler"/>: use <see cref="ConnectDatagram{THandler}"/>.</exception>
    protected HandlerClient Connect<THandler>(HandlerClientOptions? options = null)
        where THandler : BaseRequestHandler, new() =>
        HandlerClient.Connect<THandler>(WithDefaults(options));

    /// <summary>Starts the handler <paramref name="createHandler"/> makes (one with dependencies, say) against a test client.</summary>
    /// <exception cref="ArgumentException">The handler is a <see cref="DatagramRequestHandler"/>: use <see cref="ConnectDatagram(Func{BaseRequestHandler}, HandlerDatagramClientOptions)"/>.</exception>
    protected HandlerClient Connect(Func<BaseRequestHandler> createHandler, HandlerClientOptions? options = null) =>
        HandlerClient.Connect(createHandler, WithDefaults(options));

    /// <summary>Starts a datagram test client: each datagram it sends is served by a new <typeparamref name="THandler"/>.</summary>
    /// <exception cref="ArgumentException">The handler is a <see cref="StreamRequestHandler"/>: use <see cref="Connect{THandler}"/>.</exception>
    protected HandlerDatagramClient ConnectDatagram<THandler>(HandlerDatagramClientOptions? options = null)
        where THandler : BaseRequestHandler, new() =>
        HandlerDatagramClient.Connect<THandler>(WithDefaults(options));

    /// <summary>Starts a datagram test client: each datagram it sends is served by a new handler from <paramref name="createHandler"/>.</summary>
    /// <exception cref="ArgumentException">The handler is a <see cref="StreamRequestHandler"/>: use <see cref="Connect(Func{BaseRequestHandler}, HandlerClientOptions)"/>.</exception>
    protected HandlerDatagramClient ConnectDatagram(Func<BaseRequestHandler> createHandler, HandlerDatagramClientOptions? options = null) =>
        HandlerDatagramClient.Connect(createHandler, WithDefaults(options));

    private TimeSpan ExpectTimeout => Dilated(TestKitSettings.SingleExpectDefault);

    /// <summary>The TestKit's expect timeout and materializer unless the options give them.</summary>
    private HandlerDatagramClientOptions WithDefaults(HandlerDatagramClientOptions? options)
    {
        options ??= new HandlerDatagramClientOptions();
        if (options.ExpectTimeout is null)
            options = options with { ExpectTimeout = ExpectTimeout };
        return options.Materializer is null ? options with { Materializer = Materializer } : options;
    }

    /// <summary>The materializer flow handlers run with under this TestKit: one of its system's, made when first needed.</summary>
    protected IMaterializer Materializer => _materializer ??= Sys.Materializer(namePrefix: "handler-test");

    /// <summary>The TestKit's expect timeout (dilated by <c>akka.test.timefactor</c>) and materializer unless the options give them.</summary>
    private HandlerClientOptions WithDefaults(HandlerClientOptions? options)
    {
        options ??= new HandlerClientOptions();
        if (options.ExpectTimeout is null)
            options = options with { ExpectTimeout = ExpectTimeout };
        return options.Materializer is null ? options with { Materializer = Materializer } : options;
    }
}
