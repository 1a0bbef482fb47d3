using ActorServer.Samples.TcpEcho;   // MyStreamHandler: reads a line, writes it back upper-cased
using ActorServer.Testing;
using Xunit;
using Xunit.Abstractions;

public sealed class MyStreamHandlerSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task It_must_reply_upper_cased_and_close()
    {
        await using var client = Connect<MyStreamHandler>();    // a StreamRequestHandler: in memory, no socket
        await client.SendLineAsync("hello");
        Assert.Equal("HELLO", await client.ReadToEndAsync());   // all it sends until it closes
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task It_must_read_a_line_that_arrives_a_byte_at_a_time()
    {
        await using var client = Connect<MyStreamHandler>(new HandlerClientOptions { MaxChunk = 1 });
        await client.SendLineAsync("split");
        Assert.Equal("SPLIT", await client.ReadToEndAsync());
    }
}
