using System.Net;
using System.Net.Sockets;
using ActorServer.Testing;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace ActorServer.Tests.HandlerTesting;

public sealed class HandlerTestKitSpec(ITestOutputHelper output) : HandlerTestKit(output: output)
{
    [Fact]
    public async Task A_handler_must_be_tested_against_an_in_memory_client_in_a_few_lines()
    {
        await using var client = Connect<UpperCaseHandler>();

        await client.SendLineAsync("hello");

        await client.ExpectLineAsync("HELLO");
        await client.ExpectClosedAsync();
        Assert.True((await client.ExpectCompletedAsync()).Completed);
    }

    [Fact]
    public async Task A_blocking_handler_must_run_through_rfile_and_wfile()
    {
        await using var client = Connect<BlockingUpperCaseHandler>();

        await client.SendLineAsync("blocking");

        Assert.Equal("BLOCKING\n", await client.ReadToEndAsync());
    }

    [Fact]
    public async Task A_half_closed_client_must_let_the_handler_read_end_of_file()
    {
        await using var client = Connect<EchoLinesHandler>();
        await client.SendLineAsync("one");
        await client.ExpectLineAsync("one");
        await client.SendLineAsync("two");
        await client.ExpectLineAsync("two");

        client.CompleteSending();

        await client.ExpectClosedAsync();
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task A_client_reset_must_fail_the_handler_as_a_client_fault()
    {
        await using var client = Connect<EchoLinesHandler>();
        await client.SendLineAsync("before");
        await client.ExpectLineAsync("before");

        client.Reset();

        var reset = await client.ExpectFailureAsync<SocketException>();
        Assert.Equal(SocketError.ConnectionReset, reset.SocketErrorCode);
        Assert.True((await client.Completion).IsClientFault);
    }

    [Fact]
    public async Task A_slow_reader_must_push_back_on_the_handler_until_the_test_reads()
    {
        await using var client = Connect(() => new FloodHandler(1000), new HandlerClientOptions { ReceiveWindow = 10 });

        await client.ExpectNoReplyAsync(TimeSpan.Zero);   // nothing sent before the request
        await client.SendLineAsync("go");

        Assert.Equal(1000, (await client.ExpectBytesAsync(1000)).Length);
        await client.ExpectCompletedAsync();
    }

    [Fact]
    public async Task A_reader_slower_than_the_handler_timeout_must_fail_the_write_with_a_peer_timeout()
    {
        await using var client = Connect(() => new FloodHandler(64 * 1024) { Timeout = TimeSpan.FromMilliseconds(200) },
            new HandlerClientOptions { ReceiveWindow = 16 });

        await client.SendLineAsync("go");

        var timeout = await client.ExpectFailureAsync<PeerTimeoutException>();
        Assert.Equal("write", timeout.Operation);
        Assert.True((await client.Completion).IsClientFault);
    }

    [Fact]
    public async Task A_fragmenting_client_must_expose_a_handler_that_takes_one_read_for_one_message()
    {
        await using (var whole = Connect<RecvOnceHandler>())
        {
            await whole.SendLineAsync("hello");
            await whole.ExpectLineAsync("HELLO");
        }

        await using var fragmented = Connect<RecvOnceHandler>(new HandlerClientOptions { MaxChunk = 1 });
        await fragmented.SendLineAsync("hello");
        await fragmented.ExpectLineAsync("H");
    }

    [Fact]
    public async Task A_line_reader_must_cope_with_a_fragmenting_client()
    {
        await using var client = Connect<UpperCaseHandler>(new HandlerClientOptions { MaxChunk = 1 });

        await client.SendLineAsync("split into bytes");

        await client.ExpectLineAsync("SPLIT INTO BYTES");
    }

    [Fact]
    public async Task A_handler_that_throws_must_be_reported_with_its_phase_and_not_as_a_client_fault()
    {
        await using var client = Connect<ExplodingHandler>();

        await client.SendLineAsync("boom");

        var error = await client.ExpectFailureAsync<InvalidOperationException>();
        Assert.Equal("the handler exploded on purpose", error.Message);
        var outcome = await client.Completion;
        Assert.Equal(RequestPhase.Handle, outcome.Failure!.Phase);
        Assert.False(outcome.IsClientFault);
    }

    [Fact]
    public async Task Cancelling_the_request_must_fire_the_handler_token()
    {
        await using var client = Connect<WaitForeverHandler>();
        await client.SendLineAsync("wait");
        await client.ExpectLineAsync("waiting");

        client.CancelRequest();

        await client.ExpectFailureAsync<OperationCanceledException>();
        Assert.True((await client.Completion).Cancelled);
    }

    [Fact]
    public async Task A_handler_must_see_the_client_address_it_is_given()
    {
        var address = new IPEndPoint(IPAddress.Parse("10.1.2.3"), 4242);
        await using var client = Connect<WhoAmIHandler>(new HandlerClientOptions { ClientAddress = address });

        await client.SendLineAsync("who");

        await client.ExpectLineAsync("10.1.2.3");
    }

    [Fact]
    public async Task A_handler_must_be_able_to_message_actors_of_the_test()
    {
        await using var client = Connect(() => new ReportingHandler(TestActor));

        await client.SendLineAsync("for the actor");

        await ExpectMsgAsync("for the actor");
        await client.ExpectClosedAsync();
    }

    [Fact]
    public async Task An_expectation_that_is_not_met_must_fail_with_what_was_awaited()
    {
        await using var client = Connect<EchoLinesHandler>();
        await client.SendAsync("no newline yet");

        var error = await Assert.ThrowsAnyAsync<XunitException>(() => client.ExpectLineAsync(TimeSpan.FromMilliseconds(200)));

        Assert.Contains("Timed out waiting for a line", error.Message);
    }

    /// <summary>Echoes each line until the client closes.</summary>
    private sealed class EchoLinesHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            while (await ReadLineAsync(cancellationToken) is { } line)
                await WriteAsync(line + "\n", cancellationToken);
        }
    }

    /// <summary>On any line, writes <c>count</c> bytes.</summary>
    private sealed class FloodHandler(int count) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            await ReadLineAsync(cancellationToken);
            await WriteAsync(new byte[count], cancellationToken);
        }
    }

    /// <summary>The seed's recv(1024) handler: takes one read as the whole message (a bug a fragmenting network shows).</summary>
    private sealed class RecvOnceHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            var buffer = new byte[1024];
            var n = await ReadAsync(buffer, cancellationToken);
            await WriteAsync(System.Text.Encoding.UTF8.GetString(buffer, 0, n).Trim().ToUpperInvariant() + "\n", cancellationToken);
        }
    }

    private sealed class WaitForeverHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken)
        {
            await ReadLineAsync(cancellationToken);
            await WriteAsync("waiting\n", cancellationToken);
            await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
        }
    }

    private sealed class ReportingHandler(IActorRef reportTo) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken cancellationToken) =>
            reportTo.Tell(await ReadLineAsync(cancellationToken));
    }
}
