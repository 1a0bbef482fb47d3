using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorServer.Tests.HandlerTesting;

/// <summary>The kit's datagram client: a packet in, a new handler per packet, the reply datagrams counted exactly.</summary>
public sealed class DatagramHandlerSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task A_datagram_handler_must_answer_with_what_it_wrote_as_one_datagram_after_finish()
    {
        await using var client = ConnectDatagram(() => new WriteTwiceHandler());

        await client.SendAsync("packet");

        await client.ExpectRepliesAsync("PACKET, again");   // two writes, one datagram
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task A_raw_handler_must_reply_through_the_server_socket_and_every_reply_must_be_counted()
    {
        await using var client = ConnectDatagram<SendToTwiceHandler>();

        await client.SendAsync("x");

        await client.ExpectDatagramAsync("one");
        await client.ExpectDatagramAsync("two");
        await client.ExpectNoReplyAsync();
    }

    [Fact]
    public async Task Expecting_fewer_replies_than_were_sent_must_fail_with_both_counts()
    {
        await using var client = ConnectDatagram<SendToTwiceHandler>();
        await client.SendAsync("x");

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectRepliesAsync("one"));

        Assert.Contains("Expected 1 reply datagram [\"one\"], but got 2: [\"one\", \"two\"]", error.Message);
    }

    [Fact]
    public async Task A_datagram_flow_handler_must_run_under_the_kit_with_its_systems_materializer()
    {
        await using var client = ConnectDatagram<Flows.UpperDatagramFlow>();
        await client.SendAsync("one\ntwo");

        var replies = await client.ReceiveRepliesAsync();

        Assert.Equal(["ONE", "TWO"], replies.Select(r => Encoding.UTF8.GetString(r).Split(' ')[0]));
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task A_datagram_flow_handler_outside_the_kit_must_run_with_the_materializer_its_options_give_and_fail_clearly_without_one()
    {
        await using (var given = HandlerDatagramClient.Connect<Flows.UpperDatagramFlow>(new HandlerDatagramClientOptions { Materializer = Materializer }))
        {
            await given.SendAsync("given");
            Assert.StartsWith("GIVEN ", Encoding.UTF8.GetString(await given.ExpectDatagramAsync()));
        }
        await using var none = HandlerDatagramClient.Connect<Flows.UpperDatagramFlow>();
        await none.SendAsync("none");

        var failure = await none.ExpectFailureAsync<InvalidOperationException>();

        Assert.Contains("HandlerDatagramClientOptions.Materializer", failure.Message);
    }

    [Fact]
    public async Task A_handler_that_sends_nothing_must_fail_an_expected_reply_as_soon_as_it_finishes()
    {
        await using var client = ConnectDatagram(() => new SilentHandler(), new HandlerDatagramClientOptions { ExpectTimeout = TimeSpan.FromMinutes(1) });
        await client.SendAsync("x");

        await client.ExpectNoReplyAsync();
        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectDatagramAsync());

        Assert.Contains("have finished without sending one more", error.Message);   // not a timeout: the test took no minute
    }

    [Fact]
    public async Task Each_datagram_must_be_served_by_a_new_handler_in_the_order_sent()
    {
        var made = 0;
        await using var client = ConnectDatagram(() => new NumberedHandler(Interlocked.Increment(ref made)));

        foreach (var packet in new[] { "a", "b", "c" })
            await client.SendAsync(packet);

        await client.ExpectRepliesAsync("1:a", "2:b", "3:c");
        Assert.Equal(3, (await client.OutcomesAsync()).Count);
    }

    [Fact]
    public async Task A_udp_handler_must_see_the_client_socket_address()
    {
        await using var client = ConnectDatagram<WhoSentHandler>();

        await client.SendAsync("who");

        var address = Assert.IsType<IPEndPoint>(client.ClientAddress);
        Assert.Equal(IPAddress.Loopback, address.Address);
        await client.ExpectRepliesAsync(address.ToString());
    }

    [Fact]
    public async Task A_bound_unix_client_must_be_answered_at_its_path_and_its_folder_removed_afterwards()
    {
        string folder;
        await using (var client = ConnectDatagram<WhoSentHandler>(new HandlerDatagramClientOptions { Kind = DatagramClientKind.UnixBound }))
        {
            var path = client.ClientAddress!.ToString()!;
            folder = Path.GetDirectoryName(path)!;
            Assert.True(Directory.Exists(folder));

            await client.SendAsync("who");

            await client.ExpectRepliesAsync(path);
        }
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task An_unbound_unix_client_must_be_unnamed_to_the_handler_and_its_reply_a_client_fault_in_finish()
    {
        await using var client = ConnectDatagram<WhoSentHandler>(new HandlerDatagramClientOptions { Kind = DatagramClientKind.UnixUnbound });

        await client.SendAsync("who");

        Assert.Null(client.ClientAddress);
        // What a UnixDatagramServer logs for such a client (see UnixServerSpec): the reply has nowhere to go.
        var error = await client.ExpectFailureAsync<IOException>();
        Assert.Contains("unnamed Unix socket, which has no address to reply to", error.Message);
        var outcome = (await client.OutcomesAsync()).Single();
        Assert.Equal(RequestPhase.Finish, outcome.Failure!.Phase);
        Assert.Null(outcome.Failure.ClientAddress);
        Assert.True(outcome.IsClientFault);
        await client.ExpectNoReplyAsync();
    }

    [Fact]
    public async Task An_unbound_client_must_refuse_to_expect_a_reply_saying_why()
    {
        await using var client = ConnectDatagram(() => new SilentHandler(), new HandlerDatagramClientOptions { Kind = DatagramClientKind.UnixUnbound });
        await client.SendAsync("x");

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectDatagramAsync());

        Assert.Contains("the client is an unbound Unix socket: no reply can reach it", error.Message);
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task Disposing_must_cancel_a_datagram_handler_still_running()
    {
        var client = ConnectDatagram<WaitForeverHandler>();
        await client.SendAsync("wait");
        await client.ExpectDatagramAsync("waiting");
        var outcomes = client.OutcomesAsync(TimeSpan.FromSeconds(10));

        await client.DisposeAsync();

        Assert.True((await outcomes).Single().Cancelled);
    }

    [Fact]
    public async Task Serving_must_go_on_after_a_datagram_a_handler_sent_elsewhere_was_undeliverable()
    {
        var made = 0;
        var closedPort = ClosedUdpPort();
        await using var client = ConnectDatagram(() => Interlocked.Increment(ref made) == 1
            ? new BounceHandler(closedPort)
            : new Samples.UdpEcho.MyDatagramHandler());

        await client.SendAsync("bounce");
        await client.SendAsync("still here\n");

        await client.ExpectRepliesAsync("STILL HERE");
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public void A_stream_handler_must_be_refused_by_the_datagram_client_naming_the_stream_client()
    {
        var error = Assert.Throws<ArgumentException>(() => ConnectDatagram<Support.UpperCaseHandler>());

        Assert.Contains("UpperCaseHandler is a StreamRequestHandler", error.Message);
        Assert.Contains("HandlerClient.Connect", error.Message);
    }

    private static int ClosedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>Asks Linux to report ICMP errors on the shared socket (IP_RECVERR, as Windows always does), then sends a
    /// datagram to a closed port: the next call on the socket learns it was undeliverable.</summary>
    private sealed class BounceHandler(int closedPort) : DatagramRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            if (OperatingSystem.IsLinux())
                Socket.SetRawSocketOption(0, 11, BitConverter.GetBytes(1));
            await Socket.SendToAsync("nobody home"u8.ToArray(), SocketFlags.None, new IPEndPoint(IPAddress.Loopback, closedPort), cancellationToken);
        }
    }

    private sealed class WriteTwiceHandler : DatagramRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            await WriteAsync(Encoding.UTF8.GetString(Packet.Span).ToUpperInvariant(), cancellationToken);
            await WriteAsync(", again", cancellationToken);
        }
    }

    private sealed class SendToTwiceHandler : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var request = (DatagramRequest)Request;
            await request.ReplyAsync("one"u8.ToArray(), cancellationToken);
            await request.Socket.SendToAsync("two"u8.ToArray(), SocketFlags.None, ClientAddress!, cancellationToken);
        }
    }

    private sealed class SilentHandler : DatagramRequestHandler
    {
    }

    private sealed class NumberedHandler(int number) : DatagramRequestHandler
    {
        public override Task HandleAsync(CancellationToken cancellationToken) =>
            WriteAsync($"{number}:{Encoding.UTF8.GetString(Packet.Span)}", cancellationToken).AsTask();
    }

    private sealed class WhoSentHandler : DatagramRequestHandler
    {
        public override Task HandleAsync(CancellationToken cancellationToken) =>
            WriteAsync(ClientAddress?.ToString() ?? "(null)", cancellationToken).AsTask();
    }

    private sealed class WaitForeverHandler : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            await ((DatagramRequest)Request).ReplyAsync("waiting"u8.ToArray(), cancellationToken);
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
    }
}
