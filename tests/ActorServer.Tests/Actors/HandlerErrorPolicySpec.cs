using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

public sealed class HandlerErrorPolicySpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task Keep_serving_must_log_the_error_with_the_client_and_go_on_serving()
    {
        await using var server = Tcp<ExplodingHandler>();
        var serving = Serve(server);

        await EventFilter.Exception<InvalidOperationException>(contains: "exploded on purpose").ExpectOneAsync(async () =>
            Assert.Equal(string.Empty, await LineClient.RoundTripAsync(server.ServerAddress, "boom")));

        Assert.Equal("FINE\n", await LineClient.RoundTripAsync(server.ServerAddress, "fine"));
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task Keep_serving_must_name_the_client_address_in_the_log_line()
    {
        await using var server = Tcp<ExplodingHandler>();
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        var clientAddress = client.Socket.LocalEndPoint!.ToString()!;

        await EventFilter.Error(contains: $"processing of request from {clientAddress}").ExpectOneAsync(async () =>
        {
            await client.SendAsync("boom\n");
            await client.ReadToEndAsync();
        });
    }

    [Fact]
    public async Task Stop_server_must_end_serve_forever_with_the_handlers_exception()
    {
        await using var server = Tcp<ExplodingHandler>(s => s.OnHandlerError = HandlerErrorPolicy.StopServer);
        var serving = Serve(server);

        await LineClient.RoundTripAsync(server.ServerAddress, "boom");

        var failure = await Assert.ThrowsAsync<HandlerFailedException>(() => serving.WaitAsync(Patience));
        Assert.Equal(RequestPhase.Handle, failure.Phase);
        Assert.Equal(typeof(ExplodingHandler), failure.HandlerType);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        Assert.False(server.IsServing);
    }

    [Fact]
    public async Task Escalate_must_fail_serve_forever_and_let_a_fresh_tree_serve_again()
    {
        await using var server = Tcp<ExplodingHandler>(s => s.OnHandlerError = HandlerErrorPolicy.Escalate);
        var serving = Serve(server);

        await LineClient.RoundTripAsync(server.ServerAddress, "boom");
        await Assert.ThrowsAsync<HandlerFailedException>(() => serving.WaitAsync(Patience));

        _ = Serve(server);
        Assert.Equal("AGAIN\n", await LineClient.RoundTripAsync(server.ServerAddress, "again"));
    }

    /// <summary>Tells the probe once the first bytes are in, then waits for the rest of the line.</summary>
    private sealed class PatientReader(IActorRef probe) : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            var first = new byte[1];
            await ReadAsync(first, ct);
            probe.Tell("reading");
            await WriteAsync((await ReadLineAsync(ct))?.ToUpperInvariant() + "\n", ct);
        }
    }

    [Fact]
    public async Task A_client_reset_must_be_a_warning_that_never_stops_the_server_whatever_the_policy()
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new PatientReader(TestActor), system: Sys)
        {
            OnHandlerError = HandlerErrorPolicy.StopServer,
        };
        var serving = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);
        await client.SendAsync("no newline yet");
        await ExpectMsgAsync("reading");

        await EventFilter.Warning(contains: "ended by the client").ExpectOneAsync(() =>
        {
            client.Reset();
            return Task.CompletedTask;
        });

        Assert.Equal("STILL UP\n", await LineClient.RoundTripAsync(server.ServerAddress, "xstill up"));
        Assert.False(serving.IsCompleted);
    }
}
