using ActorServer.Testing;
using Xunit.Abstractions;

namespace ActorServerApp.Tests;

/// <summary>The handler alone, without a socket: the TestKit plays the client.</summary>
public sealed class LineHandlerTests(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task It_must_answer_a_line_upper_cased_and_close()
    {
        await using var client = Connect<LineHandler>();
        await client.SendLineAsync("hello");
        await client.ExpectLineAsync("HELLO");
        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task It_must_close_without_a_reply_when_the_client_sends_no_line()
    {
        await using var client = Connect<LineHandler>();
        client.CompleteSending();
        await client.ExpectClosedAsync();
    }
}
