using System.Net;

namespace ActorServer.Tests.Support;

/// <summary>What a test sets for a server's overridable hooks (<c>VerifyRequest</c>, <c>HandleTimeout</c>), whatever its kind.</summary>
public sealed class ServerHooks
{
    private int _timeouts;

    public Func<object, EndPoint?, bool> Verify { get; set; } = (_, _) => true;

    public int Timeouts => Volatile.Read(ref _timeouts);

    public void TimedOut() => Interlocked.Increment(ref _timeouts);
}
