namespace ActorServer.Tests.Support;

/// <summary>A clock the test moves by hand: <see cref="Now"/> in ticks, one tick a 100 ns.</summary>
public sealed class ManualClock : TimeProvider
{
    public long Now { get; set; }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Now;
}
