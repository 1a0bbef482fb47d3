using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Testing;

/// <summary>
/// The base of handler tests: an Akka.NET TestKit (so a handler can message <c>TestActor</c> or real actors in
/// <c>Sys</c>) with <see cref="Connect{THandler}"/> to run a handler against an in-memory client.
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

    /// <summary>Starts a new <typeparamref name="THandler"/> against an in-memory client.</summary>
    protected HandlerClient Connect<THandler>(HandlerClientOptions? options = null)
        where THandler : BaseRequestHandler, new() =>
        HandlerClient.Connect<THandler>(WithTimeout(options));

    /// <summary>Starts the handler <paramref name="createHandler"/> makes (one with dependencies, say) against an in-memory client.</summary>
    protected HandlerClient Connect(Func<BaseRequestHandler> createHandler, HandlerClientOptions? options = null) =>
        HandlerClient.Connect(createHandler, WithTimeout(options));

    /// <summary>The TestKit's expect timeout (dilated by <c>akka.test.timefactor</c>) unless the options give one.</summary>
    private HandlerClientOptions WithTimeout(HandlerClientOptions? options)
    {
        options ??= new HandlerClientOptions();
        return options.ExpectTimeout is null ? options with { ExpectTimeout = Dilated(TestKitSettings.SingleExpectDefault) } : options;
    }
}
