using ActorServer.Samples.TcpEcho;   // MyTcpHandler: (Socket)Request, one recv, answered upper-cased
using ActorServer.Testing;
using Xunit;
using Xunit.Abstractions;

public sealed class MyTcpHandlerSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task It_must_answer_one_recv_upper_cased()
    {
        await using var client = Connect<MyTcpHandler>();       // no StreamRequestHandler: a real socket pair
        await client.SendLineAsync("hello");
        Assert.Equal("HELLO", await client.ReadToEndAsync());
        Assert.Equal(StreamTransport.SocketPair, client.Transport);
    }
}
