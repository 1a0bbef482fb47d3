using ActorServer.Samples.UdpEcho;    // MyUdpHandler: (DatagramRequest)Request, answered with SendToAsync
using ActorServer.Samples.UnixEcho;   // MyUnixDatagramHandler: a DatagramRequestHandler, its reply sent after Finish
using ActorServer.Testing;
using Xunit;
using Xunit.Abstractions;

public sealed class MyDatagramHandlersSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task A_datagram_must_get_exactly_one_reply_upper_cased()
    {
        await using var client = ConnectDatagram<MyUdpHandler>();     // UDP on loopback, a new handler per datagram
        await client.SendLineAsync("hello");
        await client.ExpectRepliesAsync("HELLO");                     // waits for the handler: this reply, no other
    }

    [Fact]
    public async Task An_unbound_client_must_get_no_reply_and_the_handler_a_client_fault()
    {
        var unbound = new HandlerDatagramClientOptions { Kind = DatagramClientKind.UnixUnbound };
        await using var client = ConnectDatagram<MyUnixDatagramHandler>(unbound);
        await client.SendLineAsync("hello");
        await client.ExpectFailureAsync<IOException>();              // in Finish: no address to reply to
        Assert.True((await client.OutcomesAsync()).Single().IsClientFault);
        await client.ExpectNoReplyAsync();
    }
}
