using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

public sealed class TcpServerLifecycleSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task A_server_created_without_binding_must_bind_and_activate_by_hand()
    {
        await using var server = new TcpServer<UpperCaseHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys);
        Assert.False(server.Socket.IsBound);
        await Assert.ThrowsAsync<InvalidOperationException>(() => server.ServeForeverAsync());

        server.RequestQueueSize = 16;
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        Assert.Equal("BY HAND\n", await LineClient.RoundTripAsync(server.ServerAddress, "by hand"));
    }

    [Fact]
    public async Task Binding_an_occupied_port_must_fail_with_an_error_naming_the_address()
    {
        await using var first = new TcpServer<UpperCaseHandler>(AnyLoopbackPort, system: Sys);

        var error = Assert.Throws<ServerBindException>(() => new TcpServer<UpperCaseHandler>(first.ServerAddress, system: Sys));

        Assert.Equal(SocketError.AddressAlreadyInUse, error.SocketErrorCode);
        Assert.Contains(first.ServerAddress.ToString()!, error.Message);
        Assert.Contains("already in use", error.Message);
    }

    [Fact]
    public void Binding_a_host_that_does_not_resolve_must_fail_with_an_error_naming_the_host()
    {
        var error = Assert.Throws<ServerBindException>(() => new TcpServer<UpperCaseHandler>("no-such-host.invalid", 0, system: Sys));

        Assert.Contains("'no-such-host.invalid' does not resolve", error.Message);
    }

    [Fact]
    public async Task AllowReusePort_must_let_two_servers_bind_the_same_port()
    {
        await using var first = Tcp<UpperCaseHandler>(s => s.AllowReusePort = true);
        var port = ((IPEndPoint)first.ServerAddress).Port;

        await using var second = new TcpServer<UpperCaseHandler>(new IPEndPoint(IPAddress.Loopback, port), bindAndActivate: false, system: Sys);
        second.AllowReusePort = true;
        second.ServerBind();

        Assert.Equal(first.ServerAddress, second.ServerAddress);
    }

    [Fact]
    public async Task AllowReuseAddress_must_set_so_reuseaddr_on_the_listening_socket()
    {
        await using var server = Tcp<UpperCaseHandler>(s => s.AllowReuseAddress = true);

        Assert.Equal(1, (int)server.Socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress)!);
    }

    [Fact]
    public async Task ShutdownAsync_from_another_task_must_stop_serve_forever()
    {
        await using var server = Tcp<UpperCaseHandler>();
        var serving = Task.Run(() => server.ServeForeverAsync());
        await AwaitConditionAsync(() => Task.FromResult(server.IsServing));

        await Task.Run(server.ShutdownAsync).WaitAsync(Patience);

        await serving.WaitAsync(Patience);
        Assert.False(server.IsServing);
    }

    [Fact]
    public async Task Cancelling_serve_forever_must_stop_it_normally_and_allow_serving_again()
    {
        await using var server = Tcp<UpperCaseHandler>();
        using var stop = new CancellationTokenSource();
        var serving = server.ServeForeverAsync(stop.Token);
        Assert.Equal("ONE\n", await LineClient.RoundTripAsync(server.ServerAddress, "one"));

        stop.Cancel();
        await serving.WaitAsync(Patience);

        _ = Serve(server);
        Assert.Equal("TWO\n", await LineClient.RoundTripAsync(server.ServerAddress, "two"));
    }

    [Fact]
    public async Task Serving_twice_at_once_must_be_refused()
    {
        await using var server = Tcp<UpperCaseHandler>();
        _ = Serve(server);

        await Assert.ThrowsAsync<InvalidOperationException>(() => server.ServeForeverAsync());
    }

    [Fact]
    public async Task Disposing_must_close_the_socket_so_connects_are_refused()
    {
        var server = Tcp<UpperCaseHandler>();
        _ = Serve(server);
        var address = server.ServerAddress;
        Assert.Equal("OPEN\n", await LineClient.RoundTripAsync(address, "open"));

        await server.DisposeAsync();

        var refused = await Assert.ThrowsAsync<SocketException>(() => LineClient.ConnectAsync(address));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => server.ServeForeverAsync());
    }

    private sealed class CountingServer(EndPoint address, Akka.Actor.ActorSystem system)
        : TcpServer<UpperCaseHandler>(address, system: system)
    {
        public int Timeouts;
        public int Ticks;
        public TaskCompletionSource ThreeTicks { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override void HandleTimeout() => Interlocked.Increment(ref Timeouts);

        protected override void ServiceActions()
        {
            if (Interlocked.Increment(ref Ticks) == 3)
                ThreeTicks.TrySetResult();
        }

        protected override bool VerifyRequest(object request, EndPoint? clientAddress) =>
            ((Socket)request).RemoteEndPoint is IPEndPoint { Port: var port } && port % 2 == 0 || AllowAll;

        public bool AllowAll = true;
    }

    [Fact]
    public async Task HandleRequestAsync_must_call_handle_timeout_when_no_client_comes()
    {
        await using var server = new CountingServer(AnyLoopbackPort, Sys) { Timeout = TimeSpan.FromMilliseconds(100) };

        Assert.False(await server.HandleRequestAsync().WaitAsync(Patience));
        Assert.Equal(1, server.Timeouts);
    }

    [Fact]
    public async Task HandleRequestAsync_must_serve_exactly_one_request()
    {
        await using var server = new CountingServer(AnyLoopbackPort, Sys) { Timeout = TimeSpan.FromSeconds(10) };

        var handling = server.HandleRequestAsync();
        Assert.Equal("JUST ONE\n", await LineClient.RoundTripAsync(server.ServerAddress, "just one"));

        Assert.True(await handling.WaitAsync(Patience));
        Assert.Equal(0, server.Timeouts);
        Assert.False(server.IsServing);
    }

    [Fact]
    public async Task ServiceActions_must_run_periodically_while_serving()
    {
        await using var server = new CountingServer(AnyLoopbackPort, Sys);

        _ = server.ServeForeverAsync(TimeSpan.FromMilliseconds(20));

        await server.ThreeTicks.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task VerifyRequest_returning_false_must_close_the_connection_unseen_by_the_handler()
    {
        await using var server = new CountingServer(AnyLoopbackPort, Sys) { AllowAll = false };
        _ = Serve(server);

        var replies = new List<(int Port, string Reply)>();
        for (var i = 0; i < 6; i++)
        {
            using var client = await LineClient.ConnectAsync(server.ServerAddress);
            var port = ((IPEndPoint)client.Socket.LocalEndPoint!).Port;
            await client.SendAsync("hi\n").ContinueWith(_ => { });
            replies.Add((port, await ReadOrEmpty(client)));
        }

        Assert.All(replies, r => Assert.Equal(r.Port % 2 == 0 ? "HI\n" : string.Empty, r.Reply));
    }

    private static async Task<string> ReadOrEmpty(LineClient client)
    {
        try
        {
            return await client.ReadToEndAsync();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return string.Empty;
        }
    }
}
