using System.Diagnostics;
using ActorServer.Actors;
using ActorServer.Modes;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

/// <summary>
/// The guardian's restart of a failed listener, below the server's API: a run started by hand, its listener killed, and
/// the new incarnation watched through what the request supervisor sees of it. The end-to-end version (a client served
/// after the back-off) is in <see cref="ServerActorFaultSpec"/>.
/// </summary>
public sealed class GuardianSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private static readonly TimeSpan Backoff = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task A_guardian_must_restart_a_killed_listener_with_its_run_and_let_it_ask_for_admission_only_after_the_backoff()
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new UpperCaseHandler(), bindAndActivate: true, system: Sys);
        var settings = ServerSettings.Create(null) with
        {
            Mode = ServingMode.Threading,
            ListenerBackoff = new ListenerBackoff(Backoff, TimeSpan.FromMinutes(1), randomFactor: 0),
        };
        var run = new ServingRun(new RunSettings(server, settings, ServerMode.For(ServingMode.Threading)), singleRequest: false, timeout: null);
        var guardian = Sys.ActorOf(ServerGuardian.Props(server), "guardian-spec");
        guardian.Tell(new StartServing(run));
        // The guardian makes the listener on its own turn: resolve it once it exists.
        IActorRef? found = null;
        await AwaitAssertAsync(async () => found = await Sys.ActorSelection(guardian.Path / "listener-1").ResolveOne(TimeSpan.FromSeconds(1)), Patience);
        var listener = found!;
        Watch(listener);

        var killed = Stopwatch.StartNew();
        await EventFilter.Info(contains: "The listener accepts again after its restart (0 requests in flight)").ExpectOneAsync(() =>
            EventFilter.Warning(contains: "The listener restarted (ActorKilledException: Kill); accepting again in 500 ms (restart 1 in a row)").ExpectOneAsync(() =>
            {
                listener.Tell(Kill.Instance);
                return Task.CompletedTask;
            }));

        Assert.True(killed.Elapsed >= Backoff, $"the restarted listener asked for an admission {killed.ElapsedMilliseconds} ms after it was killed");
        // Restarted, not replaced: the same actor, and the run it was made from is still going.
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        Assert.False(run.Completion.Task.IsCompleted);

        // The run ends normally through the restarted listener: the restart did not fail it on the way.
        guardian.Tell(new StopServing(null), TestActor);
        await ExpectMsgAsync(AcceptingStopped.Instance);
        Assert.True(await run.Completion.Task.WaitAsync(Patience));
        await ExpectTerminatedAsync(listener);
    }

    [Fact]
    public async Task A_run_asked_for_while_the_last_runs_listener_is_still_stopping_must_start_once_it_has_stopped()
    {
        await using var server = new TcpServer(AnyLoopbackPort, () => new UpperCaseHandler(), bindAndActivate: true, system: Sys);
        var settings = ServerSettings.Create(null) with { Mode = ServingMode.Threading };
        RunSettings Frozen() => new(server, settings, ServerMode.For(ServingMode.Threading));
        var guardian = Sys.ActorOf(ServerGuardian.Props(server), "guardian-back-to-back");
        var first = new ServingRun(Frozen(), singleRequest: true, timeout: TimeSpan.Zero);
        var second = new ServingRun(Frozen(), singleRequest: true, timeout: TimeSpan.FromMilliseconds(300));

        // The first run times out at once. The second is asked for before the first's listener has stopped (the facade
        // asks as soon as the first run completes, which is a moment before its listener's Terminated reaches the
        // guardian; here the two are told back to back, so the guardian surely has the second while still serving).
        guardian.Tell(new StartServing(first));
        guardian.Tell(new StartServing(second));

        Assert.False(await first.Completion.Task.WaitAsync(Patience));
        Assert.False(await second.Completion.Task.WaitAsync(Patience));
        // Served by its own listener: the second run's timeout passed in its own listener, not in a dropped message.
        await AwaitAssertAsync(async () =>
            await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection(guardian.Path / "listener-2").ResolveOne(TimeSpan.FromMilliseconds(200))), Patience);
    }
}
