using Microsoft.Win32.SafeHandles;

namespace ActorServer;

/// <summary>
/// File descriptors held in reserve (handles on <c>/dev/null</c>) so that a process out of descriptors (EMFILE) has some
/// to give back. The .NET runtime needs a few to start a thread and fail-fasts ("Out of memory.") without them, so a
/// server that used up every descriptor on connections would otherwise be killed by its own runtime.
/// </summary>
internal sealed class DescriptorReserve : IDisposable
{
    private readonly List<SafeFileHandle> _held = [];

    public DescriptorReserve(int size) => Size = OperatingSystem.IsWindows() ? 0 : size;

    public int Size { get; }

    public bool IsHeld => _held.Count > 0;

    /// <summary>Opens the reserve again, as much of it as the process can.</summary>
    public void Take()
    {
        try
        {
            while (_held.Count < Size)
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
