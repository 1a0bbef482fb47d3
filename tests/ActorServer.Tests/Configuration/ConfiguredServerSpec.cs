using System.Net;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Configuration;

/// <summary>Servers created and started from configuration alone, by name.</summary>
public sealed class ConfiguredServerSpec(ITestOutputHelper output) : ServerSpec(output, """
    actor-server.servers {
      echo { endpoint = "127.0.0.1:0", handler = "ActorServer.Tests.Support.UpperCaseHandler, ActorServer.Tests", mode = threading, max-connections = 3 }
      whoami { kind = tcp, endpoint = "tcp://[::1]:0", handler = "ActorServer.Tests.Support.WhoAmIHandler, ActorServer.Tests" }
      needy { endpoint = "127.0.0.1:0", handler = "ActorServer.Tests.Configuration.NeedyHandler, ActorServer.Tests" }
      datagrams { kind = udp, endpoint = "[::1]:0", handler = "ActorServer.Tests.Support.DatagramUpperCaseHandler, ActorServer.Tests", mode = threading }
    }
    """)
{
    [Fact]
    public async Task A_server_must_be_created_from_its_definition_by_name_with_its_settings()
    {
        await using var server = SocketServerFactory.Create(Sys, "echo");
        _ = Serve(server);

        Assert.IsType<TcpServer>(server);
        Assert.Equal("echo", server.Name);
        Assert.Equal(ServingMode.Threading, server.Mode);
        Assert.Equal(3, server.MaxConnections);
        Assert.NotEqual(0, ((IPEndPoint)server.ServerAddress).Port);
        Assert.Equal("CONFIGURED\n", await LineClient.RoundTripAsync(server.ServerAddress, "configured"));
        Assert.Equal("/user/actor-server-echo", server.Guardian!.Path.ToStringWithoutAddress());
    }

    [Fact]
    public async Task The_extension_must_start_a_server_by_name_and_tell_waiters_where_it_listens()
    {
        var extension = ActorServerExtension.Get(Sys);
        var started = extension.WhenStarted("whoami");
        Assert.False(started.IsCompleted);

        var server = extension.Start("whoami");

        Assert.Same(server, await started.WaitAsync(Patience));
        Assert.True(server.IsServing);
        Assert.Equal("::1\n", await LineClient.RoundTripAsync(server.ServerAddress, "who"));
        Assert.Contains(server, extension.Servers);
        Assert.Throws<InvalidOperationException>(() => extension.Start("whoami"));
        await server.DisposeAsync();
    }

    [Fact]
    public async Task Every_kind_must_be_created_from_its_definition()
    {
        await using var udp = SocketServerFactory.Create(Sys, "datagrams");
        _ = Serve(udp);
        Assert.IsType<UdpServer>(udp);
        Assert.Equal("OVER UDP\n", await DatagramClient.RoundTripAsync(udp.ServerAddress, "over udp"));

        var config = Akka.Configuration.ConfigurationFactory.ParseString($$"""
            actor-server.servers {
              stream { kind = unix-stream, path = "{{TempSocketPath.Next()}}", handler = "ActorServer.Tests.Support.UpperCaseHandler, ActorServer.Tests" }
              packets { kind = unix-datagram, path = "{{TempSocketPath.Next()}}", handler = "ActorServer.Tests.Support.DatagramUpperCaseHandler, ActorServer.Tests" }
            }
            """);
        await using var stream = SocketServerFactory.Create(Sys, ServerDefinition.Create(config, "stream"));
        await using var packets = SocketServerFactory.Create(Sys, ServerDefinition.Create(config, "packets"));
        _ = Serve(stream);
        _ = Serve(packets);
        Assert.IsType<UnixStreamServer>(stream);
        Assert.IsType<UnixDatagramServer>(packets);
        Assert.Equal("OVER A FILE\n", await LineClient.RoundTripAsync(stream.ServerAddress, "over a file"));
        Assert.Equal("A PACKET\n", await DatagramClient.RoundTripAsync(packets.ServerAddress, "a packet"));
    }

    [Fact]
    public void Waiting_for_a_server_that_is_not_defined_must_fail_at_once() =>
        Assert.Equal("actor-server.servers.nope",
            Assert.Throws<ActorServerConfigurationException>(() => { _ = ActorServerExtension.Get(Sys).WhenStarted("nope"); }).Key);

    [Fact]
    public void A_handler_without_a_parameterless_constructor_must_be_named_when_no_factory_is_given()
    {
        var error = Assert.Throws<ActorServerConfigurationException>(() => SocketServerFactory.Create(Sys, "needy"));

        Assert.Equal("actor-server.servers.needy.handler", error.Key);
        Assert.Contains("no public parameterless constructor", error.Message);
    }

    [Fact]
    public async Task A_handler_factory_must_serve_a_handler_with_dependencies()
    {
        var definition = ServerDefinition.Create(Sys.Settings.Config, "needy");
        await using var server = SocketServerFactory.Create(Sys, definition, () => new NeedyHandler("injected"));
        _ = Serve(server);

        Assert.Equal("injected\n", await LineClient.RoundTripAsync(server.ServerAddress, "x"));
    }

    [Fact]
    public async Task A_server_that_cannot_bind_must_fail_with_the_address_and_free_its_name()
    {
        await using var first = SocketServerFactory.Create(Sys, "echo");
        var taken = (IPEndPoint)first.ServerAddress;
        var definition = ServerDefinition.Create(Sys.Settings.Config, "echo") with { Endpoint = taken, Name = "second" };

        var error = Assert.Throws<ServerBindException>(() => ActorServerExtension.Get(Sys).Start(definition));

        Assert.Contains(taken.Port.ToString(), error.Message);
    }
}

/// <summary>A handler that needs a constructor argument, as one from a DI container would.</summary>
public sealed class NeedyHandler(string reply) : StreamRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        await ReadLineAsync(cancellationToken);
        await WriteAsync(reply + "\n", cancellationToken);
    }
}
