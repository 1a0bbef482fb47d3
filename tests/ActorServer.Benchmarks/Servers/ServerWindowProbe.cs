using System.Diagnostics;
using ActorServer.Benchmarks.Load;

namespace ActorServer.Benchmarks.Servers;

/// <summary>
/// Decides when a server is warm and samples it over the measured window. A .NET server is warm when its JIT has
/// settled (tiered compilation keeps recompiling hot methods for several seconds, and Akka has many): fewer than
/// <see cref="SettledJitPerSecond"/> methods compiled in the last second. Python has no JIT: the minimum warm-up applies.
/// </summary>
internal sealed class ServerWindowProbe(ServerProcess process) : IWindowProbe
{
    private const int SettledJitPerSecond = 20;
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);
    private readonly TaskCompletionSource<ServerWindow> _window = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _watching;

    public async Task WatchAsync(LoadClock clock, LoadSettings settings)
    {
        _watching = true;
        try
        {
            // Waiting for wall-clock instants is the point here: they are the warm-up and the measured window.
            await Task.Delay(settings.MinWarmup);
            var history = new Queue<(long At, long Jitted)>();
            while (Stopwatch.GetElapsedTime(clock.Started) < settings.MaxWarmup)
            {
                if ((await process.CountersAsync()).Jitted is not { } jitted)
                    break;
                var now = Stopwatch.GetTimestamp();
                history.Enqueue((now, jitted));
                // Keep the newest sample that is at least a second old as the oldest: the rate is over at least a second.
                while (history.Count > 1 && Stopwatch.GetElapsedTime(history.ElementAt(1).At, now) >= TimeSpan.FromSeconds(1))
                    history.Dequeue();
                if (Stopwatch.GetElapsedTime(history.Peek().At, now) >= TimeSpan.FromSeconds(1) && jitted - history.Peek().Jitted < SettledJitPerSecond)
                    break;
                await Task.Delay(Poll);
            }
            var (cpu0, counters0, own0) = (process.Sample()?.Cpu, await process.CountersAsync(), OwnCpu());
            clock.BeginMeasuring();
            await Task.Delay(clock.UntilMeasureEnd);
            var (cpu1, counters1, own1) = (process.Sample()?.Cpu, await process.CountersAsync(), OwnCpu());
            _window.TrySetResult(new ServerWindow((cpu1 - cpu0) ?? TimeSpan.Zero, counters1 - counters0, clock.Warmup, own1 - own0));
        }
        catch (Exception e)
        {
            _window.TrySetException(e);
        }
    }

    /// <summary>This program's CPU time: the in-process load client's cost (and the probe's, which is small).</summary>
    private static TimeSpan OwnCpu() => Process.GetCurrentProcess().TotalProcessorTime;

    /// <summary>The server's CPU time and counters in the window; null when the load measured no window (idle).</summary>
    public async Task<ServerWindow?> WindowAsync() =>
        _watching ? await _window.Task.WaitAsync(TimeSpan.FromSeconds(60)) : null;
}

/// <summary>What a server spent in the measured window, how long its warm-up took, and what the in-process client spent.</summary>
internal sealed record ServerWindow(TimeSpan Cpu, RuntimeCounters Counters, TimeSpan Warmup, TimeSpan? ClientCpu = null);
