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

    /// <summary>The most accepts between two counts of the free descriptors.</summary>
    private const int MaxUncheckedAccepts = 64;

    private readonly List<SafeFileHandle> _held = [];
    private int _uncheckedAccepts;

    public DescriptorReserve(int size) => Size = OperatingSystem.IsWindows() ? 0 : size;

    public int Size { get; }

    public bool IsHeld => _held.Count > 0;

    /// <summary>True when the reserve is held and fewer than <see cref="Headroom"/> descriptors are free besides it;
    /// <paramref name="free"/> is how many, when the process can tell.</summary>
    public bool IsNearlyOut(out int free)
    {
        free = int.MaxValue;
        if (!IsHeld)
            return false;
        if (_uncheckedAccepts > 0)
        {
            _uncheckedAccepts--;
            return false;
        }
        free = ProcessDescriptors.Free() ?? int.MaxValue;
        // Asked at every accept, and the count (a statx and a getrlimit) was 3 % of the server's CPU in the connrate
        // benchmark. An accept takes one descriptor: a quarter of the margin above the headroom, in accepts, leaves room
        // for three more opened elsewhere with each, before the next count.
        _uncheckedAccepts = Math.Clamp((free - Headroom) / 4, 0, MaxUncheckedAccepts);
        return free < Headroom;
    }

    /// <summary>Opens the reserve again, as much of it as the process can while leaving the headroom free.</summary>
    public void Take()
    {
        _uncheckedAccepts = 0;
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
