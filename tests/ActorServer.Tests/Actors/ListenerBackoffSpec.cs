using ActorServer.Actors;
using ActorServer.Tests.Support;
using Akka.Configuration;

namespace ActorServer.Tests.Actors;

public sealed class ListenerBackoffSpec
{
    private static readonly ListenerBackoff Backoff = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), 0.5);

    [Theory]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1000)]
    [InlineData(1000, 1000)]
    public void The_delay_must_start_at_min_and_double_with_each_restart_in_a_row_up_to_max(int restarts, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), Backoff.Delay(restarts, random: 0));

    [Fact]
    public void The_random_stretch_must_add_at_most_the_random_factor() =>
        Assert.Equal(TimeSpan.FromMilliseconds(300), Backoff.Delay(1, random: 1));

    [Fact]
    public void A_backoff_out_of_bounds_must_be_refused_when_made_in_code()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListenerBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListenerBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ListenerBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), double.NaN));
    }

    [Fact]
    public void The_count_must_start_over_once_the_listener_has_accepted_for_max_without_a_restart()
    {
        var clock = new ManualClock();
        var backoff = new RestartBackoff(clock);
        var exact = Backoff with { RandomFactor = 0 };

        Assert.Equal((1, TimeSpan.FromMilliseconds(200)), backoff.Next(exact));
        // Accepting again from 200 ms on; 999 ms of that is short of max (1 s).
        clock.Now += TimeSpan.FromMilliseconds(200 + 999).Ticks;
        Assert.Equal((2, TimeSpan.FromMilliseconds(400)), backoff.Next(exact));
        clock.Now += TimeSpan.FromMilliseconds(400).Ticks + Backoff.Max.Ticks;
        Assert.Equal((1, TimeSpan.FromMilliseconds(200)), backoff.Next(exact));
    }

    [Fact]
    public void A_restart_during_the_backoff_must_count_as_one_more_in_a_row()
    {
        var clock = new ManualClock();
        var backoff = new RestartBackoff(clock);

        backoff.Next(Backoff with { RandomFactor = 0 });
        clock.Now += TimeSpan.FromMilliseconds(100).Ticks;

        Assert.True(backoff.IsBackingOff);
        Assert.Equal(2, backoff.Next(Backoff).RestartsInARow);
    }

    [Fact]
    public void The_backoff_must_be_over_once_its_delay_has_passed()
    {
        var clock = new ManualClock();
        var backoff = new RestartBackoff(clock);
        Assert.False(backoff.IsBackingOff);

        backoff.Next(Backoff with { RandomFactor = 0 });
        clock.Now += TimeSpan.FromMilliseconds(200).Ticks;

        Assert.False(backoff.IsBackingOff);
    }

    [Fact]
    public void The_backoff_must_be_read_from_hocon()
    {
        var settings = ServerSettings.Create(ConfigurationFactory.ParseString("""
            actor-server.server-defaults {
              on-handler-error = restart-listener
              listener-backoff { min = 50ms, max = 3s, random-factor = 0 }
            }
            """));

        Assert.Equal(HandlerErrorPolicy.RestartListener, settings.OnHandlerError);
        Assert.Equal(new ListenerBackoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(3), 0), settings.ListenerBackoff);
        Assert.Equal(ListenerBackoff.Default, ServerSettings.Create(null).ListenerBackoff);
    }

    [Theory]
    [InlineData("min = 0s", "listener-backoff.min", "0s")]
    [InlineData("min = soon", "listener-backoff.min", "soon")]
    [InlineData("min = 2s, max = 1s", "listener-backoff.max", "1s")]
    [InlineData("random-factor = 1.5", "listener-backoff.random-factor", "1.5")]
    [InlineData("random-factor = lots", "listener-backoff.random-factor", "lots")]
    public void A_bad_backoff_must_be_refused_naming_the_key_and_the_value(string line, string key, string value)
    {
        var config = ConfigurationFactory.ParseString($"actor-server.server-defaults.listener-backoff {{ {line} }}");

        var error = Assert.Throws<ActorServerConfigurationException>(() => ServerSettings.Create(config));

        Assert.Contains($"actor-server.server-defaults.{key}", error.Message);
        Assert.Contains(value, error.Message);
    }
}
