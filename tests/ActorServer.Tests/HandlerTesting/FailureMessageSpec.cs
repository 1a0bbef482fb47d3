using System.Net.Sockets;
using ActorServer.Samples.UdpEcho;
using ActorServer.Testing;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorServer.Tests.HandlerTesting;

/// <summary>When the handler fails, every expectation that fails says so: the handler's exception and its phase.</summary>
public sealed class FailureMessageSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    public static TheoryData<string> StreamExpectations => [.. StreamExpectation.Keys];

    public static TheoryData<string> DatagramExpectations => [.. DatagramExpectation.Keys];

    public static TheoryData<RequestPhase> Phases => [RequestPhase.Setup, RequestPhase.Handle, RequestPhase.Finish];

    private static readonly Dictionary<string, Func<HandlerClient, Task>> StreamExpectation = new()
    {
        ["ExpectLineAsync()"] = c => c.ExpectLineAsync(),
        ["ExpectLineAsync(expected)"] = c => c.ExpectLineAsync("partial"),
        ["ExpectBytesAsync"] = c => c.ExpectBytesAsync(50),
        ["ExpectClosedAsync"] = c => c.ExpectClosedAsync(),
        ["ExpectNoReplyAsync"] = async c => { await c.ExpectBytesAsync(7); await c.ExpectNoReplyAsync(TimeSpan.FromSeconds(5)); },
        ["ExpectCompletedAsync"] = c => c.ExpectCompletedAsync(),
        ["ExpectFailureAsync"] = c => c.ExpectFailureAsync<TimeoutException>(),
    };

    private static readonly Dictionary<string, Func<HandlerDatagramClient, Task>> DatagramExpectation = new()
    {
        ["ExpectDatagramAsync()"] = async c => { await c.ExpectDatagramAsync(); await c.ExpectDatagramAsync(); },
        ["ExpectDatagramAsync(expected)"] = c => c.ExpectDatagramAsync("something else"),
        ["ExpectRepliesAsync"] = c => c.ExpectRepliesAsync("partial", "and more"),
        ["ExpectNoReplyAsync"] = c => c.ExpectNoReplyAsync(),
        ["ExpectCompletedAsync"] = c => c.ExpectCompletedAsync(),
        ["ExpectFailureAsync"] = c => c.ExpectFailureAsync<TimeoutException>(),
    };

    [Theory]
    [MemberData(nameof(StreamExpectations))]
    public async Task Every_stream_expectation_must_name_the_exception_and_phase_of_a_failed_handler(string expectation)
    {
        await using var client = Connect(() => new PartialThenThrowHandler());

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => StreamExpectation[expectation](client));

        AssertNamesTheFailure(error, RequestPhase.Handle, "InvalidOperationException", "the handler broke after a partial reply");
    }

    [Theory]
    [MemberData(nameof(DatagramExpectations))]
    public async Task Every_datagram_expectation_must_name_the_exception_and_phase_of_a_failed_handler(string expectation)
    {
        await using var client = ConnectDatagram<ReplyThenThrowHandler>();
        await client.SendAsync("x");

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => DatagramExpectation[expectation](client));

        AssertNamesTheFailure(error, RequestPhase.Handle, "InvalidOperationException", "the handler broke after a partial reply");
    }

    [Theory]
    [MemberData(nameof(Phases))]
    public async Task A_failure_must_be_reported_in_the_phase_that_threw(RequestPhase phase)
    {
        await using var client = Connect(() => new ThrowInHandler(phase));

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectLineAsync());

        AssertNamesTheFailure(error, phase, "ArgumentException", $"thrown in {phase}");
    }

    [Fact]
    public async Task The_issues_recv_case_must_now_say_that_the_datagram_handler_got_a_socket()
    {
        // The issue's report: "Expected 5 bytes, but the handler closed the connection after 0", with the cause hidden.
        await using var client = Connect<MyUdpHandler>();
        await client.SendLineAsync("hello");

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectBytesAsync(5));

        Assert.Contains("Expected 5 bytes, but the handler closed the connection after 0", error.Message);
        AssertNamesTheFailure(error, RequestPhase.Handle, "InvalidCastException", "ActorServer.DatagramRequest");
    }

    [Fact]
    public async Task A_handler_that_casts_its_datagram_request_to_a_socket_must_be_named_with_the_cast()
    {
        await using var client = ConnectDatagram<Samples.TcpEcho.MyTcpHandler>();
        await client.SendAsync("hello");

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectDatagramAsync());

        AssertNamesTheFailure(error, RequestPhase.Handle, "InvalidCastException", "System.Net.Sockets.Socket");
    }

    [Fact]
    public async Task A_handler_that_closes_the_shared_server_socket_must_be_named_as_the_cause()
    {
        await using var client = ConnectDatagram<CloseTheServerSocketHandler>();
        await client.SendAsync("x");

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectDatagramAsync(TimeSpan.FromMilliseconds(500)));

        Assert.Contains("a handler must never close DatagramRequest.Socket", error.Message);
    }

    [Fact]
    public void A_datagram_handler_must_be_refused_by_the_stream_client_naming_the_datagram_client()
    {
        // The issue's other report: "Expected a line, but the handler closed the connection"; now it cannot get that far.
        var error = Assert.Throws<ArgumentException>(() => Connect<MyDatagramHandler>());

        Assert.Contains("MyDatagramHandler is a DatagramRequestHandler", error.Message);
        Assert.Contains("ConnectDatagram", error.Message);
    }

    [Fact]
    public async Task A_factory_that_throws_must_be_reported_as_a_setup_failure()
    {
        await using var client = Connect(() => throw new InvalidOperationException("no handler today"));

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectLineAsync());

        AssertNamesTheFailure(error, RequestPhase.Setup, "InvalidOperationException", "no handler today");
    }

    [Fact]
    public async Task An_expectation_that_times_out_must_say_the_handler_is_still_running()
    {
        await using var client = Connect<WaitOnSocketHandler>();

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectLineAsync(TimeSpan.FromMilliseconds(200)));

        Assert.Contains("Timed out waiting for a line", error.Message);
        Assert.Contains("The handler is still running.", error.Message);
    }

    private static void AssertNamesTheFailure(XunitException error, RequestPhase phase, string exceptionType, string exceptionText)
    {
        Assert.Contains($"The handler failed in {phase}:", error.Message);
        Assert.Contains(exceptionType, error.Message);
        Assert.Contains(exceptionText, error.Message);
    }

    /// <summary>Sends 7 bytes, then throws in Handle.</summary>
    private sealed class PartialThenThrowHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            await WriteAsync("partial", cancellationToken);
            throw new InvalidOperationException("the handler broke after a partial reply");
        }
    }

    /// <summary>Replies "partial", then throws in Handle.</summary>
    private sealed class ReplyThenThrowHandler : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            await ((DatagramRequest)Request).ReplyAsync("partial"u8.ToArray(), cancellationToken);
            throw new InvalidOperationException("the handler broke after a partial reply");
        }
    }

    private sealed class CloseTheServerSocketHandler : BaseRequestHandler
    {
        public override void Handle() => ((DatagramRequest)Request).Socket.Dispose();
    }

    private sealed class ThrowInHandler(RequestPhase phase) : StreamRequestHandler
    {
        public override void Setup() => ThrowIn(RequestPhase.Setup);

        public override void Handle() => ThrowIn(RequestPhase.Handle);

        public override void Finish() => ThrowIn(RequestPhase.Finish);

        private void ThrowIn(RequestPhase now)
        {
            if (now == phase)
                throw new ArgumentException($"thrown in {now}");
        }
    }

    /// <summary>Waits on its socket for bytes the test never sends.</summary>
    private sealed class WaitOnSocketHandler : BaseRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken) =>
            await ((Socket)Request).ReceiveAsync(new byte[16], SocketFlags.None, cancellationToken);
    }
}
