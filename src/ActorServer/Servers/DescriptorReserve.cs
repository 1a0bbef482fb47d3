using Microsoft.Win32.SafeHandles;

namespace ActorServer;

/// <summary>
/// File descriptors held in reserve (handles on <c>/dev/null</c>) for a process out of descriptors to give back. The .NET
/// runtime needs two free to start a thread: without them <c>Thread.Start</c> throws <see cref="OutOfMemoryException"/>,
/// and where the thread pool is the one starting a thread (to run queued work, an I/O completion, a timer) nothing
/// catches it and the process dies ("Out of memory."). So accepts must not take the last descriptors: where the
/// process can count them (<see cref="ProcessDescriptors"/>) the listener releases the reserve as soon as fewer than
/// <see cref="Headroom"/> are free; elsewhere at EMFILE, one accept too late for a thread started in between.
/// </summary>
internal sealed class DescriptorReserve : IDisposable
{
    /// <summary>Free descriptors below which the reserve is released: room for a few threads starting at once.</summary>
    public const int Headroom = 8;

    /// <summary>Descriptors one accept may take, at most, until the next count: its socket, and what its handler and a
    /// thread started for it open meanwhile.</summary>
    private const int DescriptorsPerAccept = 8;

    /// <summary>Where the process cannot count (older kernels) it asks again only this seldom: the answer will not change.</summary>
    private const int UncountableChecks = 4096;

    private readonly List<SafeFileHandle> _held = [];

    /// <summary>Checks left before the descriptors are counted again.</summary>
    private int _uncounted;

    public DescriptorReserve(int size) => Size = OperatingSystem.IsWindows() ? 0 : size;

    public int Size { get; }

    public bool IsHeld => _held.Count > 0;

    /// <summary>True when the reserve is held and fewer than <see cref="Headroom"/> descriptors are free besides it;
    /// <paramref name="free"/> is how many, when the process can tell. Called at every accept, it counts only as often
    /// as the headroom needs: a count (a <c>statx</c> of <c>/proc/self/fd</c>) costs about 5 µs, a tenth of what a
    /// connection costs to serve, so with N free it counts again after (N − <see cref="Headroom"/>) / 8 accepts,
    /// before they can have used up the headroom, and at every accept near the end.</summary>
    public bool IsNearlyOut(out int free)
    {
        free = int.MaxValue;
        if (!IsHeld)
            return false;
        if (_uncounted > 0)
        {
            _uncounted--;
            return false;
        }
        free = ProcessDescriptors.Free() ?? int.MaxValue;
        _uncounted = free == int.MaxValue ? UncountableChecks : Math.Max(0, (free - Headroom) / DescriptorsPerAccept);
        return free < Headroom;
    }

    /// <summary>Opens the reserve again, as much of it as the process can while leaving the headroom free.</summary>
    public void Take()
    {
        _uncounted = 0;
        var room = ProcessDescriptors.Free() is { } free ? free - Headroom : int.MaxValue;
        try
        {
            while (_held.Count < Size && room-- > 0)
                _held.Add(File.OpenHandle("/dev/null"));
        }
        catch (IOException)
        {
            // Out of descriptors already: keep what was taken; the next Take tops it up.
        }
    }

    /// <summary>Closes the reserve and returns how many descriptors that gave back.</summary>
    public int Release()
    {
        var count = _held.Count;
        foreach (var handle in _held)
            handle.Dispose();
        _held.Clear();
        return count;
    }

    public void Dispose() => Release();
}
