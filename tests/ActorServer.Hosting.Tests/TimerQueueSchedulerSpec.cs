using ActorServer.Hosting.Tests.Support;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorServer.Hosting.Tests;

/// <summary>WithTimerQueueScheduler: opt-in, the whole actor system's scheduler, and the server still serves on it.</summary>
public sealed class TimerQueueSchedulerSpec : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TestHosts.Patience;
    private readonly TestHosts _hosts = new();

    private IHost BuildGreeter(Action<AkkaConfigurationBuilder>? more = null) => _hosts.Build(
        akka =>
        {
            akka.WithSocketServer<GreetingHandler>("greeter", o =>
            {
                o.Endpoint = "127.0.0.1:0";
                o.Mode = ServingMode.Threading;
            });
            more?.Invoke(akka);
        },
        services => services.AddSingleton(new Greeting("hello")));

    [Fact]
    public async Task With_timer_queue_scheduler_the_hosted_actor_system_must_run_on_it_and_serve()
    {
        var host = BuildGreeter(akka => akka.WithTimerQueueScheduler());
        await host.StartAsync();

        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.IsType<TimerQueueScheduler>(system.Scheduler);
        Assert.Equal(TimerQueueSchedulerHostingExtensions.ImplementationName, system.Settings.Config.GetString("akka.scheduler.implementation"));
        var address = await host.Services.GetRequiredService<ISocketServerRegistry>()["greeter"].Bound.WaitAsync(Patience);
        Assert.Equal("hello, world\n", await LineClient.RoundTripAsync(address, "world"));
    }

    [Fact]
    public async Task With_timer_queue_scheduler_a_scheduled_message_must_still_arrive()
    {
        var host = BuildGreeter(akka => akka.WithTimerQueueScheduler());
        await host.StartAsync();
        var system = host.Services.GetRequiredService<ActorSystem>();
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        system.Scheduler.Advanced.ScheduleOnce(TimeSpan.FromMilliseconds(20), () => arrived.TrySetResult());

        await arrived.Task.WaitAsync(Patience);
    }

    [Fact]
    public async Task Without_it_with_socket_server_must_leave_the_applications_scheduler_as_it_is()
    {
        var host = BuildGreeter();
        await host.StartAsync();

        var system = host.Services.GetRequiredService<ActorSystem>();
        Assert.IsNotType<TimerQueueScheduler>(system.Scheduler);
        Assert.DoesNotContain("TimerQueueScheduler", system.Settings.Config.GetString("akka.scheduler.implementation"));
    }

    [Fact]
    public async Task It_must_win_over_a_scheduler_set_in_hocon_added_after_it()
    {
        var host = BuildGreeter(akka => akka
            .WithTimerQueueScheduler()
            .AddHocon("akka.scheduler.implementation = \"Akka.Actor.HashedWheelTimerScheduler\"", HoconAddMode.Append));
        await host.StartAsync();

        Assert.IsType<TimerQueueScheduler>(host.Services.GetRequiredService<ActorSystem>().Scheduler);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _hosts.DisposeAsync();
}
