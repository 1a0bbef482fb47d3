using ActorServer.Tests.Support;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorServer.Tests.Configuration;

/// <summary>A limit of zero would end every request at once: refused wherever it is set, naming its key.</summary>
public sealed class ZeroLimitSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Theory]
    [InlineData("request-timeout")]
    [InlineData("finish-timeout")]
    [InlineData("child-timeout")]
    public void A_zero_limit_in_hocon_must_be_refused_naming_its_key(string key)
    {
        var config = ConfigurationFactory.ParseString($"actor-server.server-defaults.{key} = 0s");

        var refused = Assert.Throws<ActorServerConfigurationException>(() => ServerSettings.Create(config));

        Assert.Equal($"actor-server.server-defaults.{key}", refused.Key);
        Assert.Contains("expected a duration above zero, or infinite for no limit", refused.Message);
    }

    [Fact]
    public async Task A_zero_limit_set_in_code_must_be_refused_as_serving_starts_naming_its_key()
    {
        await using var server = Tcp<UpperCaseHandler>();
        server.RequestTimeout = TimeSpan.Zero;

        var refused = await Assert.ThrowsAsync<ActorServerConfigurationException>(() => server.ServeForeverAsync());

        Assert.Equal("actor-server.server-defaults.request-timeout", refused.Key);
        Assert.False(server.IsServing);
    }

    [Fact]
    public async Task An_infinite_limit_set_in_code_as_dotnet_spells_it_must_mean_no_limit()
    {
        await using var server = Tcp<UpperCaseHandler>();
        server.RequestTimeout = Timeout.InfiniteTimeSpan;
        _ = Serve(server);

        Assert.Equal("SERVED\n", await LineClient.RoundTripAsync(server.ServerAddress, "served"));
    }
}
