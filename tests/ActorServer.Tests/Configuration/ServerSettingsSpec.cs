using Akka.Configuration;

namespace ActorServer.Tests.Configuration;

public sealed class ServerSettingsSpec
{
    [Fact]
    public void The_reference_defaults_must_match_python()
    {
        var settings = ServerSettings.Create(null);

        Assert.Equal(ServingMode.Synchronous, settings.Mode);
        Assert.Equal(4096, settings.RequestQueueSize);
        Assert.False(settings.AllowReuseAddress);
        Assert.Null(settings.Timeout);
        Assert.Equal(TimeSpan.FromMilliseconds(500), settings.ServiceActionsInterval);
        Assert.Equal(HandlerErrorPolicy.KeepServing, settings.OnHandlerError);
    }

    [Fact]
    public void Settings_must_be_read_from_hocon()
    {
        var settings = ServerSettings.Create(ConfigurationFactory.ParseString("""
            actor-server.server-defaults {
              mode = threading
              request-queue-size = 128
              allow-reuse-address = on
              timeout = 2s
              on-handler-error = stop-server
              max-connections = 10
              drain-timeout = 250ms
            }
            """));

        Assert.Equal(ServingMode.Threading, settings.Mode);
        Assert.Equal(128, settings.RequestQueueSize);
        Assert.True(settings.AllowReuseAddress);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Timeout);
        Assert.Equal(HandlerErrorPolicy.StopServer, settings.OnHandlerError);
        Assert.Equal(10, settings.MaxConnections);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.DrainTimeout);
    }

    [Theory]
    [InlineData("mode = sideways", "mode", "sideways")]
    [InlineData("request-queue-size = -1", "request-queue-size", "-1")]
    [InlineData("request-queue-size = lots", "request-queue-size", "lots")]
    [InlineData("max-connections = 0", "max-connections", "0")]
    [InlineData("allow-reuse-port = maybe", "allow-reuse-port", "maybe")]
    [InlineData("timeout = soon", "timeout", "soon")]
    [InlineData("drain-timeout = infinite", "drain-timeout", "infinite")]
    [InlineData("on-handler-error = shrug", "on-handler-error", "shrug")]
    public void A_bad_value_must_fail_with_an_error_naming_the_key_and_the_value(string line, string key, string value)
    {
        var config = ConfigurationFactory.ParseString($"actor-server.server-defaults {{ {line} }}");

        var error = Assert.Throws<ActorServerConfigurationException>(() => ServerSettings.Create(config));

        Assert.Equal($"actor-server.server-defaults.{key}", error.Key);
        Assert.Equal(value, error.Value);
        Assert.Contains($"'actor-server.server-defaults.{key}' = '{value}'", error.Message);
    }

    [Fact]
    public void A_bad_value_must_fail_the_server_constructor_before_it_binds()
    {
        using var system = Akka.Actor.ActorSystem.Create("bad", "actor-server.server-defaults.mode = sideways");

        Assert.Throws<ActorServerConfigurationException>(() =>
            new TcpServer<Support.UpperCaseHandler>(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), system: system));
    }
}
