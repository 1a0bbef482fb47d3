using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

/// <summary>Python's per-request BaseServer methods, each overridden as a Python user would, changing what happens.</summary>
public sealed class PythonServerHooksSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>handle_error: answers the client on its still-open connection instead of the default log line.</summary>
    private sealed class ApologizingServer(ActorSystem system, HandlerErrorPolicy policy) : TcpServer<ExplodingHandler>(AnyLoopbackPort, system: system)
    {
        public ConcurrentQueue<string> Errors { get; } = new();

        protected override void HandleError(object request, EndPoint? clientAddress, HandlerFailedException exception)
        {
            Errors.Enqueue($"{exception.Phase}: {exception.InnerException!.Message} from {clientAddress}");
            ((Socket)request).Send(Encoding.UTF8.GetBytes("sorry: " + exception.InnerException.Message + "\n"));
        }

        public ApologizingServer Configured()
        {
            OnHandlerError = policy;
            return this;
        }
    }

    [Fact]
    public async Task An_overridden_HandleError_must_see_the_failure_with_the_socket_still_open_and_replace_the_default_log_line()
    {
        await using var server = new ApologizingServer(Sys, HandlerErrorPolicy.KeepServing).Configured();
        var serving = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        await EventFilter.Error(contains: "Exception occurred during processing").ExpectAsync(0, async () =>
        {
            await client.SendAsync("boom\n");
            Assert.Equal("sorry: the handler exploded on purpose\n", await client.ReadToEndAsync());
        });

        Assert.Equal($"Handle: the handler exploded on purpose from {client.Socket.LocalEndPoint}", Assert.Single(server.Errors));
        Assert.False(serving.IsCompleted);
    }

    [Fact]
    public async Task The_on_handler_error_policy_must_still_apply_after_an_overridden_HandleError()
    {
        await using var server = new ApologizingServer(Sys, HandlerErrorPolicy.StopServer).Configured();
        var serving = Serve(server);

        Assert.Equal("sorry: the handler exploded on purpose\n", await LineClient.RoundTripAsync(server.ServerAddress, "boom"));

        var stopped = await Assert.ThrowsAsync<HandlerFailedException>(() => serving.WaitAsync(Patience));
        Assert.Single(server.Errors);
        Assert.Contains("exploded on purpose", stopped.Message);
    }

    /// <summary>process_request: work around every request, and a request served without its handler when refused.</summary>
    private sealed class AuditingServer(ActorSystem system) : TcpServer<UpperCaseHandler>(AnyLoopbackPort, system: system)
    {
        public ConcurrentQueue<string> Audit { get; } = new();

        protected override async Task ProcessRequestAsync(object request, EndPoint? clientAddress, CancellationToken cancellationToken)
        {
            var socket = (Socket)request;
            if (((IPEndPoint)socket.RemoteEndPoint!).Port % 2 == 0)
            {
                Audit.Enqueue("refused");
                socket.Send("even ports are not served\n"u8.ToArray());
                return;
            }
            Audit.Enqueue("before");
            await base.ProcessRequestAsync(request, clientAddress, cancellationToken);
            Audit.Enqueue("after");
        }
    }

    [Fact]
    public async Task An_overridden_ProcessRequest_must_wrap_every_request_and_may_serve_one_without_its_handler()
    {
        await using var server = new AuditingServer(Sys);
        _ = Serve(server);
        string[] replies = new string[6];
        for (var i = 0; i < replies.Length; i++)
        {
            using var client = await LineClient.ConnectAsync(server.ServerAddress);
            var odd = ((IPEndPoint)client.Socket.LocalEndPoint!).Port % 2 == 1;
            await client.SendAsync("hello\n");
            replies[i] = (odd ? "odd " : "even ") + await client.ReadToEndAsync();
        }

        Assert.All(replies, reply => Assert.True(reply is "odd HELLO\n" or "even even ports are not served\n", reply));
        await AwaitAssertAsync(() => Assert.Equal(replies.Count(r => r.StartsWith("odd")) * 2 + replies.Count(r => r.StartsWith("even")), server.Audit.Count));
        Assert.Equal(server.Audit.Count(a => a == "before"), server.Audit.Count(a => a == "after"));
    }

    /// <summary>finish_request: replaced for one protocol word, wrapped otherwise; in forking mode it runs in the server.</summary>
    private sealed class DispatchingServer(ActorSystem system) : TcpServer<PidHandler>(AnyLoopbackPort, bindAndActivate: false, system: system)
    {
        public ConcurrentQueue<int> FinishedIn { get; } = new();

        protected override async Task FinishRequestAsync(object request, EndPoint? clientAddress, CancellationToken cancellationToken)
        {
            FinishedIn.Enqueue(Environment.ProcessId);
            await base.FinishRequestAsync(request, clientAddress, cancellationToken);
        }
    }

    [Theory]
    [InlineData(ServingMode.Synchronous)]
    [InlineData(ServingMode.Threading)]
    [InlineData(ServingMode.Forking)]
    public async Task An_overridden_FinishRequest_must_run_in_the_server_process_around_the_handler_in_every_mode(ServingMode mode)
    {
        await using var server = new DispatchingServer(Sys) { Mode = mode };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        var reply = await LineClient.RoundTripAsync(server.ServerAddress, "who");

        var handlerPid = int.Parse(reply.Trim());
        Assert.Equal(mode == ServingMode.Forking, handlerPid != Environment.ProcessId);
        Assert.Equal(Environment.ProcessId, Assert.Single(server.FinishedIn));
    }

    /// <summary>shutdown_request and close_request: a trailer before the stream ends; every close counted.</summary>
    private sealed class TrailerServer(ActorSystem system) : TcpServer<UpperCaseHandler>(AnyLoopbackPort, bindAndActivate: false, system: system)
    {
        private int _shutdowns;
        private int _closes;

        public int Shutdowns => _shutdowns;

        public int Closes => _closes;

        protected override void ShutdownRequest(object request)
        {
            Interlocked.Increment(ref _shutdowns);
            ((Socket)request).Send("-- bye\n"u8.ToArray());
            base.ShutdownRequest(request);
        }

        protected override void CloseRequest(object request)
        {
            Interlocked.Increment(ref _closes);
            base.CloseRequest(request);
        }
    }

    [Fact]
    public async Task Overridden_ShutdownRequest_and_CloseRequest_must_end_every_request_once()
    {
        await using var server = new TrailerServer(Sys) { Mode = ServingMode.Threading };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        Assert.Equal("ONE\n-- bye\n", await LineClient.RoundTripAsync(server.ServerAddress, "one"));
        Assert.Equal("TWO\n-- bye\n", await LineClient.RoundTripAsync(server.ServerAddress, "two"));

        await AwaitAssertAsync(() => Assert.Equal((2, 2), (server.Shutdowns, server.Closes)));
    }

    [Fact]
    public async Task In_forking_mode_the_server_must_only_close_its_copy_of_a_request_the_child_serves()
    {
        await using var server = new TrailerServer(Sys) { Mode = ServingMode.Forking };
        server.ServerBind();
        server.ServerActivate();
        _ = Serve(server);

        // The child ends the connection; the parent, as Python's after fork(), only closes its descriptor.
        Assert.Equal("FORKED\n", await LineClient.RoundTripAsync(server.ServerAddress, "forked"));

        await AwaitAssertAsync(() => Assert.Equal((0, 1), (server.Shutdowns, server.Closes)));
    }

    /// <summary>get_request: options on every accepted connection.</summary>
    private sealed class NoDelayServer(ActorSystem system) : TcpServer<NoDelayHandler>(AnyLoopbackPort, system: system)
    {
        protected override async ValueTask<Socket> GetRequestAsync(CancellationToken cancellationToken)
        {
            var socket = await base.GetRequestAsync(cancellationToken);
            socket.NoDelay = true;
            return socket;
        }
    }

    [Fact]
    public async Task An_overridden_stream_GetRequest_must_give_the_handler_the_connection_it_returns()
    {
        await using var server = new NoDelayServer(Sys);
        _ = Serve(server);

        Assert.Equal("nodelay True\n", await LineClient.RoundTripAsync(server.ServerAddress, ""));
    }

    /// <summary>get_request for datagrams: a filter in front of every handler.</summary>
    private sealed class FilteringUdpServer(ActorSystem system) : UdpServer<DatagramUpperCaseHandler>(AnyLoopbackPort, system: system)
    {
        protected override async ValueTask<DatagramRequest> GetRequestAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var datagram = await base.GetRequestAsync(cancellationToken);
                if (datagram.Packet.Span.IndexOf((byte)'x') != 0)
                    return datagram;
            }
        }
    }

    [Fact]
    public async Task An_overridden_datagram_GetRequest_must_decide_which_datagrams_are_served()
    {
        await using var server = new FilteringUdpServer(Sys);
        _ = Serve(server);
        using var client = DatagramClient.For(server.ServerAddress);

        await client.SendAsync("xdropped\n"u8.ToArray());
        await client.SendAsync("kept\n"u8.ToArray());

        // One socket receives in order: the first reply is the second datagram's.
        Assert.Equal("KEPT\n", await client.ReceiveAsync());
    }

    [Fact]
    public async Task AddressFamily_and_SocketType_must_be_the_servers_own()
    {
        await using var tcp6 = new TcpServer<UpperCaseHandler>(new IPEndPoint(IPAddress.IPv6Loopback, 0), system: Sys);
        await using var udp = new UdpServer<DatagramUpperCaseHandler>(AnyLoopbackPort, system: Sys);
        var path = TempSocketPath.Next();
        await using var unix = new UnixStreamServer<UpperCaseHandler>(path, system: Sys);

        Assert.Equal((AddressFamily.InterNetworkV6, SocketType.Stream), (tcp6.AddressFamily, tcp6.SocketType));
        Assert.Equal((AddressFamily.InterNetwork, SocketType.Dgram), (udp.AddressFamily, udp.SocketType));
        Assert.Equal((AddressFamily.Unix, SocketType.Stream), (unix.AddressFamily, unix.SocketType));
    }
}

/// <summary>Replies with the id of the process that ran it.</summary>
public sealed class PidHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await ReadLineAsync(cancellationToken);
        await WriteAsync($"{Environment.ProcessId}\n", cancellationToken);
    }
}

/// <summary>Replies with whether its connection has TCP_NODELAY.</summary>
public sealed class NoDelayHandler : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await ReadLineAsync(cancellationToken);
        await WriteAsync($"nodelay {Connection.NoDelay}\n", cancellationToken);
    }
}
