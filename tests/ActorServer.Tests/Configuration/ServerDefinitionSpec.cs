using System.Net;
using ActorServer.Tests.Support;
using Akka.Configuration;

namespace ActorServer.Tests.Configuration;

public sealed class ServerDefinitionSpec
{
    private const string Handler = "ActorServer.Tests.Support.UpperCaseHandler, ActorServer.Tests";
    private const string DatagramHandler = "ActorServer.Tests.Support.DatagramUpperCaseHandler, ActorServer.Tests";

    private static ServerDefinition Define(string body, string name = "echo") =>
        ServerDefinition.Create(ConfigurationFactory.ParseString($"actor-server.servers.{name} {{ {body} }}"), name);

    private static ActorServerConfigurationException Rejects(string body) =>
        Assert.Throws<ActorServerConfigurationException>(() => Define(body));

    [Fact]
    public void A_definition_must_read_kind_endpoint_handler_and_its_own_settings_over_the_defaults()
    {
        var config = ConfigurationFactory.ParseString($$"""
            actor-server.server-defaults.request-queue-size = 64
            actor-server.servers.echo {
              kind = tcp
              endpoint = "127.0.0.1:9999"
              handler = "{{Handler}}"
              mode = threading
              max-connections = 7
            }
            """);

        var definition = ServerDefinition.Create(config, "echo");

        Assert.Equal("echo", definition.Name);
        Assert.Equal(ServerKind.Tcp, definition.Kind);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9999), definition.Endpoint);
        Assert.Null(definition.Path);
        Assert.Equal(typeof(UpperCaseHandler), definition.HandlerType);
        Assert.Equal(ServingMode.Threading, definition.Settings.Mode);
        Assert.Equal(7, definition.Settings.MaxConnections);
        Assert.Equal(64, definition.Settings.RequestQueueSize);                         // from server-defaults
        Assert.Equal(TimeSpan.FromSeconds(4), definition.Settings.DrainTimeout);        // from reference.conf
        Assert.Equal("actor-server.servers.echo", definition.ConfigPath);
    }

    [Theory]
    [InlineData("127.0.0.1:80", "127.0.0.1", 80)]
    [InlineData("[::1]:9999", "::1", 9999)]
    [InlineData("tcp://[::1]:0", "::1", 0)]
    [InlineData("*:7000", "0.0.0.0", 7000)]
    [InlineData(":7000", "0.0.0.0", 7000)]
    public void An_ip_endpoint_must_parse_ipv4_bracketed_ipv6_and_wildcards(string text, string address, int port)
    {
        var definition = Define($"endpoint = \"{text}\", handler = \"{Handler}\"");

        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), definition.Endpoint);
    }

    [Fact]
    public void A_host_name_endpoint_must_stay_a_name_until_the_server_binds()
    {
        var definition = Define($"endpoint = \"localhost:9999\", handler = \"{Handler}\"");

        Assert.Equal(new DnsEndPoint("localhost", 9999), definition.Endpoint);
    }

    [Theory]
    [InlineData("udp", ServerKind.Udp, DatagramHandler)]
    [InlineData("tcp", ServerKind.Tcp, Handler)]
    public void The_ip_kinds_must_take_an_endpoint(string kind, ServerKind expected, string handler) =>
        Assert.Equal(expected, Define($"kind = {kind}, endpoint = \"127.0.0.1:1\", handler = \"{handler}\"").Kind);

    [Theory]
    [InlineData("unix-stream", ServerKind.UnixStream, Handler)]
    [InlineData("unix-datagram", ServerKind.UnixDatagram, DatagramHandler)]
    public void The_unix_kinds_must_take_a_path(string kind, ServerKind expected, string handler)
    {
        var definition = Define($"kind = {kind}, path = \"/tmp/echo.sock\", handler = \"{handler}\"");

        Assert.Equal(expected, definition.Kind);
        Assert.Equal("/tmp/echo.sock", definition.Path);
        Assert.Null(definition.Endpoint);
    }

    [Fact]
    public void An_unknown_kind_must_be_named_with_its_value_and_the_known_kinds()
    {
        var error = Rejects($"kind = sctp, endpoint = \"127.0.0.1:1\", handler = \"{Handler}\"");

        Assert.Equal("actor-server.servers.echo.kind", error.Key);
        Assert.Equal("sctp", error.Value);
        Assert.Contains("tcp, udp, unix-stream, unix-datagram", error.Message);
    }

    [Theory]
    [InlineData("127.0.0.1", "port is missing")]
    [InlineData("127.0.0.1:99999", "not a number from 0 to 65535")]
    [InlineData("127.0.0.1:http", "not a number from 0 to 65535")]
    [InlineData("::1:9999", "in brackets")]
    [InlineData("[::1]9999", "followed by :port")]
    [InlineData("[localhost]:9999", "not an IPv6 address")]
    [InlineData("no such host!:80", "neither an IP address nor a host name")]
    public void An_unparsable_endpoint_must_be_named_with_its_value_and_why(string text, string why)
    {
        var error = Rejects($"endpoint = \"{text}\", handler = \"{Handler}\"");

        Assert.Equal("actor-server.servers.echo.endpoint", error.Key);
        Assert.Equal(text, error.Value);
        Assert.Contains(why, error.Message);
        Assert.Contains("127.0.0.1:9999", error.Message);   // the expected form
    }

    [Fact]
    public void An_endpoint_scheme_that_contradicts_the_kind_must_be_refused()
    {
        var error = Rejects($"kind = tcp, endpoint = \"udp://127.0.0.1:80\", handler = \"{Handler}\"");

        Assert.Equal("actor-server.servers.echo.endpoint", error.Key);
        Assert.Contains("does not match kind = tcp", error.Message);
    }

    [Fact]
    public void A_missing_endpoint_must_be_named() =>
        Assert.Equal("actor-server.servers.echo.endpoint", Rejects($"handler = \"{Handler}\"").Key);

    [Fact]
    public void A_missing_path_of_a_unix_server_must_be_named() =>
        Assert.Equal("actor-server.servers.echo.path", Rejects($"kind = unix-stream, handler = \"{Handler}\"").Key);

    [Fact]
    public void A_path_on_an_ip_server_must_be_refused_rather_than_ignored()
    {
        var error = Rejects($"endpoint = \"127.0.0.1:1\", path = \"/tmp/x.sock\", handler = \"{Handler}\"");

        Assert.Equal("actor-server.servers.echo.path", error.Key);
        Assert.Contains("takes endpoint", error.Message);
    }

    [Fact]
    public void A_missing_handler_type_must_be_named()
    {
        var error = Rejects("endpoint = \"127.0.0.1:1\"");

        Assert.Equal("actor-server.servers.echo.handler", error.Key);
        Assert.Contains("needs a handler type", error.Message);
    }

    [Theory]
    [InlineData("MyApp.NoSuchHandler, MyApp")]
    [InlineData("ActorServer.Tests.Support.NoSuchHandler, ActorServer.Tests")]
    [InlineData("ActorServer.Tests.Support.NoSuchHandler")]
    public void A_handler_type_that_does_not_exist_must_be_named_with_its_value(string name)
    {
        var error = Rejects($"endpoint = \"127.0.0.1:1\", handler = \"{name}\"");

        Assert.Equal("actor-server.servers.echo.handler", error.Key);
        Assert.Equal(name, error.Value);
        Assert.Contains("no type of that name could be loaded", error.Message);
    }

    [Theory]
    [InlineData("System.String")]
    [InlineData("ActorServer.Tests.Support.LineClient, ActorServer.Tests")]
    [InlineData("ActorServer.StreamRequestHandler, ActorServer")]
    public void A_type_that_is_not_a_concrete_handler_must_be_refused(string name)
    {
        var error = Rejects($"endpoint = \"127.0.0.1:1\", handler = \"{name}\"");

        Assert.Equal("actor-server.servers.echo.handler", error.Key);
        Assert.Contains("is not a request handler", error.Message);
    }

    [Theory]
    [InlineData("udp", Handler, "serves connections, not datagrams")]
    [InlineData("unix-datagram", Handler, "serves connections, not datagrams")]
    [InlineData("tcp", DatagramHandler, "serves datagrams, not connections")]
    [InlineData("unix-stream", DatagramHandler, "serves datagrams, not connections")]
    public void A_handler_of_the_other_family_must_be_refused_for_the_kind(string kind, string handler, string why)
    {
        var place = kind.StartsWith("unix") ? "path = \"/tmp/x.sock\"" : "endpoint = \"127.0.0.1:1\"";

        var error = Rejects($"kind = {kind}, {place}, handler = \"{handler}\"");

        Assert.Equal("actor-server.servers.echo.handler", error.Key);
        Assert.Equal(handler, error.Value);
        Assert.Contains(why, error.Message);
    }

    [Fact]
    public void A_plain_base_handler_must_serve_either_family()
    {
        const string plain = "ActorServer.Tests.Support.PairHandler, ActorServer.Tests";

        Assert.Equal(ServerKind.Udp, Define($"kind = udp, endpoint = \"127.0.0.1:1\", handler = \"{plain}\"").Kind);
        Assert.Equal(ServerKind.Tcp, Define($"kind = tcp, endpoint = \"127.0.0.1:1\", handler = \"{plain}\"").Kind);
    }

    [Theory]
    [InlineData("max-connections = -1", "max-connections")]
    [InlineData("request-queue-size = -5", "request-queue-size")]
    [InlineData("drain-timeout = -1s", "drain-timeout")]
    [InlineData("mode = sideways", "mode")]
    public void A_negative_limit_or_bad_setting_must_be_named_under_the_server(string setting, string key)
    {
        var error = Rejects($"endpoint = \"127.0.0.1:1\", handler = \"{Handler}\", {setting}");

        Assert.Equal($"actor-server.servers.echo.{key}", error.Key);
    }

    [Fact]
    public void An_undefined_server_must_be_named_with_the_servers_that_are_defined()
    {
        var config = ConfigurationFactory.ParseString($"actor-server.servers.echo {{ endpoint = \"127.0.0.1:1\", handler = \"{Handler}\" }}");

        var error = Assert.Throws<ActorServerConfigurationException>(() => ServerDefinition.Create(config, "ehco"));

        Assert.Equal("actor-server.servers.ehco", error.Key);
        Assert.Contains("defined: echo", error.Message);
    }

    [Fact]
    public void A_definition_that_is_not_an_object_must_be_refused()
    {
        var config = ConfigurationFactory.ParseString("actor-server.servers.echo = 9999");

        Assert.Equal("actor-server.servers.echo", Assert.Throws<ActorServerConfigurationException>(() => ServerDefinition.Create(config, "echo")).Key);
    }

    [Fact]
    public void Names_must_list_every_defined_server_and_none_by_default()
    {
        var config = ConfigurationFactory.ParseString("""
            actor-server.servers.a { endpoint = "127.0.0.1:1", handler = "x" }
            actor-server.servers.b { endpoint = "127.0.0.1:2", handler = "y" }
            """);

        Assert.Equal(["a", "b"], ServerDefinition.Names(config).Order());
        Assert.Empty(ServerDefinition.Names(ActorServerConfig.Default));
    }
}
