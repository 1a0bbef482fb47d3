using Akka.Configuration;

namespace ActorServer.Tests.Configuration;

/// <summary>A key no setting has fails, naming the full key and the nearest valid one, rather than being ignored.</summary>
public sealed class UnknownKeySpec
{
    private const string Handler = "ActorServer.Tests.Support.UpperCaseHandler, ActorServer.Tests";

    private static ActorServerConfigurationException Defaults(string body) =>
        Assert.Throws<ActorServerConfigurationException>(() =>
            ServerSettings.Create(ConfigurationFactory.ParseString($"actor-server.server-defaults {{ {body} }}")));

    private static ActorServerConfigurationException Server(string body) =>
        Assert.Throws<ActorServerConfigurationException>(() =>
            ServerDefinition.Create(ConfigurationFactory.ParseString($"actor-server.servers.echo {{ {body} }}"), "echo"));

    [Fact]
    public void A_mistyped_key_in_a_server_must_fail_with_the_nearest_valid_key()
    {
        var error = Server($"endpoint = \"127.0.0.1:1\", handler = \"{Handler}\", max-conections = 5");

        Assert.Equal("actor-server.servers.echo.max-conections", error.Key);
        Assert.Equal("5", error.Value);
        Assert.Equal("Invalid ActorServer setting 'actor-server.servers.echo.max-conections' = '5': unknown key; did you mean max-connections?", error.Message);
    }

    [Fact]
    public void A_mistyped_key_in_the_defaults_must_fail_with_the_nearest_valid_key()
    {
        var error = Defaults("drain-timout = 2s");

        Assert.Equal("Invalid ActorServer setting 'actor-server.server-defaults.drain-timout' = '2s': unknown key; did you mean drain-timeout?", error.Message);
    }

    [Fact]
    public void A_key_near_to_none_must_fail_without_a_suggestion()
    {
        Assert.Equal("Invalid ActorServer setting 'actor-server.server-defaults.colour' = 'blue': unknown key.", Defaults("colour = blue").Message);
        Assert.Equal("Invalid ActorServer setting 'actor-server.servers.echo.xyz' = '1': unknown key.",
            Server($"endpoint = \"127.0.0.1:1\", handler = \"{Handler}\", xyz = 1").Message);
    }

    [Fact]
    public void A_mistyped_definition_key_must_fail_before_the_endpoint_it_hides_is_missed()
    {
        var error = Server($"endpont = \"127.0.0.1:1\", handler = \"{Handler}\"");

        Assert.Equal("actor-server.servers.echo.endpont", error.Key);
        Assert.EndsWith("did you mean endpoint?", error.Message);
    }

    [Fact]
    public void A_server_definition_key_in_the_defaults_must_be_refused_saying_where_it_belongs()
    {
        var error = Defaults("endpoint = \"127.0.0.1:1\"");

        Assert.Equal("actor-server.server-defaults.endpoint", error.Key);
        Assert.Contains("belongs in a server definition (actor-server.servers.NAME)", error.Message);
    }

    [Fact]
    public void An_unknown_key_in_the_defaults_must_fail_a_server_definition_too() =>
        Assert.Throws<ActorServerConfigurationException>(() => ServerDefinition.Create(ConfigurationFactory.ParseString($$"""
            actor-server.server-defaults.max-conections = 5
            actor-server.servers.echo { endpoint = "127.0.0.1:1", handler = "{{Handler}}" }
            """), "echo"));

    [Fact]
    public void An_unknown_key_inside_the_backoff_object_must_fail_with_the_nearest_member()
    {
        var error = Defaults("listener-backoff { mni = 1s }");

        Assert.Equal("Invalid ActorServer setting 'actor-server.server-defaults.listener-backoff.mni' = '1s': unknown key; did you mean listener-backoff.min?", error.Message);
        Assert.Equal("actor-server.servers.echo.listener-backoff.jitter",
            Server($"endpoint = \"127.0.0.1:1\", handler = \"{Handler}\", listener-backoff.jitter = 0.5").Key);
    }

    [Fact]
    public void A_mistyped_object_key_must_fail_naming_the_object()
    {
        var error = Defaults("listner-backoff { min = 1s }");

        Assert.Equal("Invalid ActorServer setting 'actor-server.server-defaults.listner-backoff' = '{ min = 1s }': unknown key; did you mean listener-backoff?", error.Message);
    }

    [Fact]
    public void A_value_where_the_backoff_object_belongs_must_be_refused()
    {
        var error = Defaults("listener-backoff = 5s");

        Assert.Equal("actor-server.server-defaults.listener-backoff", error.Key);
        Assert.Contains("expected an object of min, max, random-factor", error.Message);
    }

    [Fact]
    public void Every_known_key_must_pass()
    {
        var definition = ServerDefinition.Create(ConfigurationFactory.ParseString($$"""
            actor-server.server-defaults {
              listener-backoff { min = 1s }
              max-packet-size = 100
            }
            actor-server.servers.echo { kind = tcp, endpoint = "127.0.0.1:1", handler = "{{Handler}}", socket-file-mode = "0660" }
            """), "echo");

        Assert.Equal(100, definition.Settings.MaxPacketSize);
    }

    [Theory]
    [InlineData("max-conections", "max-connections", 1)]
    [InlineData("mni", "min", 1)]                           // a swap of neighbours is one edit
    [InlineData("mni", "max", 2)]
    [InlineData("", "mode", 4)]
    [InlineData("timeout", "timeout", 0)]
    public void The_edit_distance_must_count_a_swap_as_one_edit(string a, string b, int expected) =>
        Assert.Equal(expected, EditDistance.Between(a, b));

    [Theory]
    [InlineData("mdoe", "mode")]
    [InlineData("request-timout", "request-timeout")]
    [InlineData("xyz", null)]
    [InlineData("min", null)]                               // three edits from mode: too far for a word of three letters
    public void The_nearest_key_must_be_close_enough_to_be_the_likely_intent(string word, string? expected) =>
        Assert.Equal(expected, EditDistance.Nearest(word, SettingsTable.Keys.Select(k => k.Key)));
}
