using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorServer.Samples.FlowEcho;

/// <summary>The seed's upper-case protocol as a flow: each line the client sends comes back upper-cased.</summary>
public sealed class UpperCaseFlow : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        FlowFraming.Lines(maxLength: 1024)
            .Join(Flow.Create<string>().Select(line => line.Trim().ToUpperInvariant()));
}
