using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Tests.Configuration;

/// <summary>Everything is checked before anything binds: a server whose configuration it cannot serve never listens.</summary>
public sealed class ValidationBeforeBindSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static Config Definition(string kind, string address) => ConfigurationFactory.ParseString($$"""
        actor-server.servers.bad {
          kind = {{kind}}
          {{address}}
          handler = "ActorServer.Tests.Support.UpperCaseHandler, ActorServer.Tests"
          mode = threading
          dispatcher = "no.such.dispatcher"
        }
        """);

    [Fact]
    public void A_configured_server_with_an_unknown_dispatcher_must_fail_naming_its_own_key_before_it_binds_its_socket_file()
    {
        var path = TempSocketPath.Next();
        var definition = ServerDefinition.Create(Definition("unix-stream", $"path = \"{path}\""), "bad");

        var refused = Assert.Throws<ActorServerConfigurationException>(() => SocketServerFactory.Create(Sys, definition));

        Assert.Equal("actor-server.servers.bad.dispatcher", refused.Key);
        Assert.False(File.Exists(path), "the socket file was bound before the configuration was checked");
    }

    [Fact]
    public void A_configured_tcp_server_with_an_unknown_dispatcher_must_leave_its_port_free()
    {
        // A port known to be free: bound, closed, then offered to the server, which must not take it.
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }
        var definition = ServerDefinition.Create(Definition("tcp", $"endpoint = \"127.0.0.1:{port}\""), "bad");

        Assert.Throws<ActorServerConfigurationException>(() => SocketServerFactory.Create(Sys, definition));

        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port));
        again.Listen();
    }

    [Fact]
    public async Task A_server_whose_system_defaults_name_an_unknown_dispatcher_must_fail_in_its_constructor_before_binding()
    {
        var system = ActorSystem.Create("bad-defaults", ConfigurationFactory.ParseString("""
            actor-server.server-defaults { mode = threading, dispatcher = "no.such.dispatcher" }
            """));
        try
        {
            var refused = Assert.Throws<ActorServerConfigurationException>(() =>
                new TcpServer<UpperCaseHandler>(AnyLoopbackPort, system: system));
            Assert.Equal("actor-server.server-defaults.dispatcher", refused.Key);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private static Config Endpoint(string endpoint) => ConfigurationFactory.ParseString($$"""
        actor-server.servers.bad { endpoint = "{{endpoint}}", handler = "ActorServer.Tests.Support.UpperCaseHandler, ActorServer.Tests" }
        """);

    [Fact]
    public void An_endpoint_that_is_no_ip_address_and_no_host_name_must_be_refused_naming_its_key()
    {
        var refused = Assert.Throws<ActorServerConfigurationException>(() => ServerDefinition.Create(Endpoint("999.1.1.1:80"), "bad"));

        Assert.Equal("actor-server.servers.bad.endpoint", refused.Key);
        Assert.Contains("'999.1.1.1' is not an IPv4 address", refused.Message);
    }

    [Fact]
    public void A_configured_endpoint_that_does_not_resolve_must_fail_naming_its_key()
    {
        var definition = ServerDefinition.Create(Endpoint("no-such-host.invalid:0"), "bad");

        var refused = Assert.Throws<ServerBindException>(() => SocketServerFactory.Create(Sys, definition));

        Assert.Contains("'no-such-host.invalid' does not resolve", refused.Message);
        Assert.EndsWith("(from actor-server.servers.bad.endpoint)", refused.Message);
    }

    [Fact]
    public void A_configured_endpoint_in_use_must_fail_naming_its_key()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var definition = ServerDefinition.Create(Endpoint(taken.LocalEndPoint!.ToString()!), "bad");

        var refused = Assert.Throws<ServerBindException>(() => SocketServerFactory.Create(Sys, definition));

        Assert.Contains("the address is already in use", refused.Message);
        Assert.EndsWith("(from actor-server.servers.bad.endpoint)", refused.Message);
        Assert.Equal(SocketError.AddressAlreadyInUse, refused.SocketErrorCode);
    }
}
