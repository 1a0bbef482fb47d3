using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>The seed's protocol as a flow handler (what <see cref="AkkaStreamsHost"/>'s flow does): one line, upper-cased,
/// then the flow completes and the server closes the connection. Measures what a flow connection costs to set up, with
/// the flow made once and returned for every connection, as <see cref="FlowRequestHandler"/> recommends.</summary>
public sealed class UpperLineFlow : FlowRequestHandler
{
    private static readonly Flow<ByteString, ByteString, NotUsed> Protocol =
        FlowFraming.Lines(maxLength: 65536).Join(Flow.Create<string>().Take(1).Select(line => line.Trim().ToUpperInvariant()));

    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() => Protocol;
}
