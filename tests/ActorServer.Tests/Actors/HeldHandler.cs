using Akka.Actor;

namespace ActorServer.Tests.Actors;

/// <summary>What the held handlers share with the test: the leave to end, and the count of handlers running.</summary>
internal sealed class RequestGate
{
    private int _running;
    private int _mostRunning;

    public SemaphoreSlim Releases { get; } = new(0);

    public IActorRef Reporter { get; set; } = ActorRefs.Nobody;

    public int MostRunning => Volatile.Read(ref _mostRunning);

    public void Enter()
    {
        var running = Interlocked.Increment(ref _running);
        int most;
        while (running > (most = Volatile.Read(ref _mostRunning)) && Interlocked.CompareExchange(ref _mostRunning, running, most) != most)
        {
        }
    }

    public void Leave() => Interlocked.Decrement(ref _running);
}

/// <summary>Says "started", then holds its request until the test releases one handler; says "cancelled" if its
/// token fires first (it ignores its client, so only the server can end it).</summary>
internal sealed class HeldHandler(RequestGate gate) : BaseRequestHandler
{
    public override async Task HandleAsync(CancellationToken cancellationToken)
    {
        gate.Enter();
        try
        {
            gate.Reporter.Tell("started");
            await gate.Releases.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            gate.Reporter.Tell("cancelled");
            throw;
        }
        finally
        {
            gate.Leave();
        }
    }
}
