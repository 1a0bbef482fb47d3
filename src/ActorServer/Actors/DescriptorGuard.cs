using System.Net.Sockets;
using Akka.Event;

namespace ActorServer.Actors;

/// <summary>
/// The request supervisor's answer to running out of file descriptors (Ranch's <c>emfile</c> rule, and a reserve for the
/// runtime): with requests open it releases a reserve of descriptors and lowers the ceiling of requests in flight to
/// those open, so that each request that ends frees the descriptor the next accept takes; once enough have ended it
/// takes the reserve back and lifts the ceiling. With none open there is nothing to wait for: accept again shortly.
/// </summary>
internal sealed class DescriptorGuard(Admissions admissions, ILoggingAdapter log) : IDisposable
{
    /// <summary>Descriptors kept for the runtime to have at EMFILE: enough for the threads it may start meanwhile.</summary>
    private const int ReservedDescriptors = 32;

    private readonly DescriptorReserve _reserve = new(ReservedDescriptors);

    public void BeginRun() => _reserve.Take();

    /// <summary>Accept failed at EMFILE. True when requests are open and the reserve was released (accepting again as
    /// they end); false when the next accept should simply wait <see cref="AcceptOnce.RetryDelay"/>.</summary>
    public bool Exhausted(Exception cause)
    {
        var code = (cause as SocketException)?.SocketErrorCode;
        if (admissions.Active > 0 && _reserve.IsHeld)
        {
            log.Warning("Accept failed: out of file descriptors ({0}: {1}) with {2} requests open; released {3} reserved descriptors, and accepting again as requests end",
                code, cause.Message, admissions.Active, Release());
            return true;
        }
        log.Warning("Accept failed: {0}; accepting again in {1} ms", AcceptOnce.Describe(cause), AcceptOnce.RetryDelay.TotalMilliseconds);
        return false;
    }

    /// <summary>Releases the reserve before accept takes the last descriptors, where the process can count them: at
    /// EMFILE it is too late for a thread started in between (see <see cref="DescriptorReserve"/>).</summary>
    public void ReleaseIfNearlyOut()
    {
        if (admissions.Active > 0 && _reserve.IsNearlyOut(out var free))
            log.Warning("Nearly out of file descriptors ({0} free) with {1} requests open; released {2} reserved descriptors, and accepting again as requests end",
                free, admissions.Active, Release());
    }

    /// <summary>After EMFILE, once requests have ended to free as many descriptors as the reserve holds, takes it back.</summary>
    public void RetakeIfFree()
    {
        if (!admissions.TryLiftCeiling(_reserve.Size))
            return;
        _reserve.Take();
        log.Info("File descriptors are free again ({0} requests open): the reserve is back and accepting goes up to the usual limit", admissions.Active);
    }

    private int Release()
    {
        admissions.LowerCeiling();
        return _reserve.Release();
    }

    public void Dispose() => _reserve.Dispose();
}
