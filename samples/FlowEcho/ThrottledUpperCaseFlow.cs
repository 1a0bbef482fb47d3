using Akka;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorServer.Samples.FlowEcho;

/// <summary>
/// The upper-case protocol taking at most <paramref name="linesPerSecond"/> lines a second (<c>Throttle</c>): a slow
/// flow, to watch back-pressure hold a client that writes faster. The flow pulls no faster than it answers, so the
/// socket reads wait, the kernel's window closes and the client's writes block; the server's memory does not grow.
/// </summary>
public sealed class ThrottledUpperCaseFlow(int linesPerSecond) : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        FlowFraming.Lines(maxLength: 1024).Join(
            Flow.Create<string>()
                .Throttle(linesPerSecond, TimeSpan.FromSeconds(1), maximumBurst: 1, ThrottleMode.Shaping)
                .Select(line => line.Trim().ToUpperInvariant()));
}
