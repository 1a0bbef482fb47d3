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
    private ChildBytes? _inChild;

    /// <summary>Python's <c>self.request</c>.</summary>
    public abstract object Request { get; }

    public abstract EndPoint? ClientAddress { get; }

    /// <summary>When it was accepted (a <see cref="System.Diagnostics.Stopwatch"/> timestamp): its age in the server's status.</summary>
    public long AcceptedAt { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Bytes read from the client so far, through the request's channel or packet; for a request served in a
    /// forked child, what the child reported when it finished (nothing before).</summary>
    public long BytesReceived => Volatile.Read(ref _inChild) is { } child ? child.Received : OwnBytesReceived;

    /// <summary>Bytes sent to the client so far, through the request's channel or replies (or by its forked child).</summary>
    public long BytesSent => Volatile.Read(ref _inChild) is { } child ? child.Sent : OwnBytesSent;

    /// <summary>What this process read through the request's channel or packet.</summary>
    protected abstract long OwnBytesReceived { get; }

    /// <summary>What this process sent through the request's channel or replies.</summary>
    protected abstract long OwnBytesSent { get; }

    /// <summary>The bytes a forked child moved for this request, as it reported them at the end.</summary>
    public void CountedInChild(long received, long sent) => Volatile.Write(ref _inChild, new ChildBytes(received, sent));

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

    /// <summary>Hands the request to a forked child: the parent lets go of it without ending it.</summary>
    public void HandOff()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
            OnHandOff();
    }

    /// <summary>The descriptor a forked child needs to serve the request.</summary>
    public abstract System.Runtime.InteropServices.SafeHandle DescriptorForChild { get; }

    /// <summary>True for a datagram; the child then also needs <see cref="PacketForChild"/>.</summary>
    public virtual bool IsDatagram => false;

    /// <summary>The datagram's bytes, for a forked child.</summary>
    public virtual byte[] PacketForChild => [];

    protected abstract void OnClose();

    /// <summary>Releases the parent's hold once a child owns the request. Nothing by default.</summary>
    protected virtual void OnHandOff()
    {
    }

    protected virtual void OnAbort() => OnClose();

    private sealed record ChildBytes(long Received, long Sent);
}
