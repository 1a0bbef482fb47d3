using ActorServer.Benchmarks.Load;

namespace ActorServer.Benchmarks.Servers;

/// <summary>Samples a server process's CPU time and allocations as the measured window opens and as it closes.</summary>
internal sealed class ServerWindowProbe(ServerProcess process) : IWindowProbe
{
    private readonly TaskCompletionSource<(TimeSpan Cpu, RuntimeCounters Counters)> _window = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _watching;

    public async Task WatchAsync(LoadClock clock)
    {
        _watching = true;
        try
        {
            // Waiting for wall-clock instants is the point here: these are the edges of the measured window.
            await Task.Delay(clock.UntilMeasureStart);
            var (cpu0, counters0) = (process.Sample()?.Cpu, await process.CountersAsync());
            await Task.Delay(clock.UntilMeasureEnd);
            var (cpu1, counters1) = (process.Sample()?.Cpu, await process.CountersAsync());
            _window.TrySetResult(((cpu1 - cpu0) ?? TimeSpan.Zero, counters1 - counters0));
        }
        catch (Exception e)
        {
            _window.TrySetException(e);
        }
    }

    /// <summary>The server's CPU time and counters in the window; null when the load measured no window (idle).</summary>
    public async Task<(TimeSpan Cpu, RuntimeCounters Counters)?> WindowAsync() =>
        _watching ? await _window.Task.WaitAsync(TimeSpan.FromSeconds(60)) : null;
}
