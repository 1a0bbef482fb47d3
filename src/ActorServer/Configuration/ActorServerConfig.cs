using Akka.Actor;
using Akka.Configuration;

namespace ActorServer;

/// <summary>ActorServer's embedded <c>reference.conf</c>, for use as a configuration fallback.</summary>
public static class ActorServerConfig
{
    private static readonly Lazy<Config> ReferenceConfig = new(() =>
        ConfigurationFactory.FromResource("ActorServer.reference.conf", typeof(ActorServerConfig).Assembly));

    /// <summary>The defaults of every ActorServer setting, read from the embedded <c>reference.conf</c>.</summary>
    public static Config Default => ReferenceConfig.Value;

    /// <summary>
    /// Puts ActorServer's defaults beneath <paramref name="system"/>'s configuration, so that what the actor system
    /// itself reads (the handler dispatchers) is defined there too. Does nothing if they are there already.
    /// </summary>
    public static void InjectInto(ActorSystem system)
    {
        if (!system.Settings.Config.HasPath("actor-server.handler-dispatcher.type"))
            system.Settings.InjectTopLevelFallback(Default);
    }

    /// <summary><paramref name="config"/> with ActorServer's defaults beneath it, so every key can be read.</summary>
    public static Config WithDefaults(Config? config) =>
        config is null || config.IsEmpty ? Default : config.WithFallback(Default);

    /// <summary>The configuration of an actor system that ActorServer creates for a server given none: quiet logs and a
    /// scheduler that sleeps while nothing is due.</summary>
    internal static Config Standalone => WithDefaults(ConfigurationFactory.ParseString("""
        akka {
          loglevel = INFO
          stdout-loglevel = WARNING
          log-dead-letters-during-shutdown = off
          log-dead-letters = off
          # No tick every 10 ms while idle (TimerQueueScheduler's remarks).
          scheduler.implementation = "ActorServer.TimerQueueScheduler, ActorServer"
        }
        """));
}
