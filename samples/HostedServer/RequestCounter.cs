namespace ActorServer.Samples.HostedServer;

/// <summary>A plain singleton service from the host's container, shared by the handlers of both servers.</summary>
public sealed class RequestCounter
{
    private long _served;

    public long Served => Interlocked.Read(ref _served);

    public long Increment() => Interlocked.Increment(ref _served);
}
