using Akka.Hosting;

namespace ActorServer.Hosting;

/// <summary>
/// Puts ActorServer's <see cref="TimerQueueScheduler"/> in an Akka.Hosting actor system:
/// <c>builder.WithTimerQueueScheduler()</c>. Opt-in: <c>WithSocketServer</c> leaves the application's scheduler as it is.
/// </summary>
public static class TimerQueueSchedulerHostingExtensions
{
    /// <summary>The <c>akka.scheduler.implementation</c> value that names <see cref="TimerQueueScheduler"/>.</summary>
    public const string ImplementationName = "ActorServer.TimerQueueScheduler, ActorServer";

    /// <summary>
    /// Makes <see cref="TimerQueueScheduler"/> the actor system's scheduler (<c>akka.scheduler.implementation</c>), so
    /// that the application costs nothing while it has no work. Akka's default scheduler ticks every 10 ms whatever is
    /// due, and an idle Akka.Hosting app serving with <c>WithSocketServer</c> spent about 3 % of a core on it
    /// (docs/performance.md has the measurements). The setting is prepended, so it wins over HOCON added before and after
    /// this call, and applies to the whole actor system, not only its socket servers.
    /// </summary>
    public static AkkaConfigurationBuilder WithTimerQueueScheduler(this AkkaConfigurationBuilder builder) =>
        builder.AddHocon($"akka.scheduler.implementation = \"{ImplementationName}\"", HoconAddMode.Prepend);
}
