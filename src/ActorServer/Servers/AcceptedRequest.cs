using System.Net;
using ActorServer.Transport;

namespace ActorServer;

/// <summary>
/// One request a server's <c>GetRequestAsync</c> produced (Python's <c>get_request()</c> result), with the way to close
/// it (Python's <c>shutdown_request()</c>). Closing is idempotent and safe from any thread.
/// </summary>
internal abstract class AcceptedRequest
{
    private int _closed;

    /// <summary>Python's <c>self.request</c>.</summary>
    public abstract object Request { get; }

    public abstract EndPoint? ClientAddress { get; }

    /// <summary>The request's bytes, for stream requests; null for datagrams.</summary>
    public abstract IDuplexChannel? Channel { get; }

    public void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            OnClose();
    }

    /// <summary>Closes at once, without a graceful end: for a request abandoned at shutdown.</summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            OnAbort();
    }

    protected abstract void OnClose();

    protected virtual void OnAbort() => OnClose();
}
