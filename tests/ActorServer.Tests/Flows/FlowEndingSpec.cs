using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>How a flow handler's connection ends: the client's FIN, the flow's completion, its failure, a framing error.</summary>
public sealed class FlowEndingSpec(ITestOutputHelper output) : FlowSpec(output)
{
    [Fact]
    public async Task The_clients_end_of_file_must_complete_the_flows_input_while_its_output_goes_on()
    {
        await using var server = FlowServer(() => new CountingFlow());
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await client.SendAsync(new byte[5000]);
        client.Socket.Shutdown(SocketShutdown.Send);

        Assert.Equal("5000\n", await client.ReadToEndAsync());
    }

    [Fact]
    public async Task The_flows_completion_must_close_the_connection_after_its_last_reply()
    {
        await using var server = FlowServer(() => new OneLineFlow());
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await client.SendAsync("only\n");

        // The client has not closed its side: the end of file is the flow's doing.
        Assert.Equal("ONLY\n", await client.ReadToEndAsync());
    }

    [Fact]
    public async Task The_flows_completion_must_send_every_byte_it_emitted_before_closing()
    {
        await using var server = FlowServer(() => new BulkFlow());
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        var all = await client.ReadToEndAsync();

        Assert.Equal(BulkFlow.Chunks * 1024, all.Length);
        Assert.Equal(new string('z', 1024), all.Substring(25 * 1024, 1024));
    }

    [Fact]
    public async Task Without_half_close_the_flows_completion_must_close_the_connection_and_cancel_its_input()
    {
        await using var server = FlowServer(() => new GreetingFlow(TestActor, halfClose: false));
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        Assert.Equal("hi\n", await client.ReadToEndAsync());
        await ExpectMsgAsync("input of 0 bytes");
    }

    [Fact]
    public async Task With_half_close_the_flow_must_go_on_reading_after_its_output_completed_until_the_client_ends()
    {
        await using var server = FlowServer(() => new GreetingFlow(TestActor, halfClose: true));
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        Assert.Equal("hi\n", await client.ReadAsync(3));
        Assert.Equal(0, await client.Socket.ReceiveAsync(new byte[1], SocketFlags.None));   // the server's side has ended
        await client.SendAsync("after\n");
        client.Socket.Shutdown(SocketShutdown.Send);

        await ExpectMsgAsync("input of 6 bytes");
    }

    [Fact]
    public async Task A_flow_failure_must_reset_the_connection_and_be_a_handler_failure_for_the_error_policy()
    {
        await using var server = FlowServer(() => new ExplodingFlow(), s => s.OnHandlerError = HandlerErrorPolicy.StopServer);
        var serving = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await EventFilter.Exception<InvalidOperationException>(contains: "flow exploded on purpose").ExpectOneAsync(async () =>
        {
            await client.SendAsync("boom\n");
            await client.AssertResetAsync();
        });

        var failure = await Assert.ThrowsAsync<HandlerFailedException>(() => serving.WaitAsync(Patience));
        Assert.Equal(typeof(ExplodingFlow), failure.HandlerType);
        Assert.Equal(RequestPhase.Handle, failure.Phase);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
    }

    [Fact]
    public async Task A_flow_failure_under_keep_serving_must_end_only_that_connection()
    {
        await using var server = FlowServer(() => new ExplodingFlow(), s => s.Mode = ServingMode.Threading);
        var serving = Serve(server);
        using var other = await LineClient.ConnectAsync(server.ServerAddress);
        await other.SendAsync("before\n");
        Assert.Equal("before\n", await other.ReadAsync(7));

        await EventFilter.Exception<InvalidOperationException>(contains: "flow exploded on purpose").ExpectOneAsync(async () =>
        {
            using var client = await LineClient.ConnectAsync(server.ServerAddress);
            await client.SendAsync("boom\n");
            await client.AssertResetAsync();
        });

        await other.SendAsync("after\n");
        Assert.Equal("after\n", await other.ReadAsync(6));
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task An_oversized_frame_must_close_only_that_connection_as_a_client_fault_whatever_the_policy()
    {
        await using var server = FlowServer(() => new ShortLinesFlow(), s => s.OnHandlerError = HandlerErrorPolicy.StopServer);
        var serving = Serve(server);

        await EventFilter.Warning(contains: "ended by the client").ExpectOneAsync(async () =>
        {
            using var client = await LineClient.ConnectAsync(server.ServerAddress);
            await client.SendAsync("ok\nmuch too long for eight bytes\n");
            Assert.Equal("ok\n", await client.ReadToEndAsync(resetEnds: true));
        });

        using var next = await LineClient.ConnectAsync(server.ServerAddress);
        await next.SendAsync("fine\n");
        Assert.Equal("fine\n", await next.ReadAsync(5));
        Assert.False(serving.IsCompleted);
    }
}
