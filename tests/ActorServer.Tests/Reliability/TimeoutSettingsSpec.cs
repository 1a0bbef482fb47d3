using Akka.Configuration;

namespace ActorServer.Tests.Reliability;

public sealed class TimeoutSettingsSpec
{
    [Fact]
    public void Request_and_finish_timeouts_must_be_read_from_hocon_and_default_to_infinite()
    {
        var settings = ServerSettings.Create(ConfigurationFactory.ParseString("""
            actor-server.server-defaults.request-timeout = 2s
            actor-server.server-defaults.finish-timeout = 250ms
            """));
        var defaults = ServerSettings.Create(null);

        Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(250)), (settings.RequestTimeout!.Value, settings.FinishTimeout!.Value));
        Assert.Equal((null, null), (defaults.RequestTimeout, defaults.FinishTimeout));
    }

    [Fact]
    public void A_bad_request_timeout_must_name_its_key()
    {
        var error = Assert.Throws<ActorServerConfigurationException>(() =>
            ServerSettings.Create(ConfigurationFactory.ParseString("actor-server.server-defaults.request-timeout = soon")));

        Assert.Contains("actor-server.server-defaults.request-timeout", error.Message);
    }
}
