using ActorServer.Benchmarks.Scenarios;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>The echo workload as a flow handler: the identity flow, the same read size as <see cref="EchoHandler"/>.</summary>
public sealed class EchoFlow : FlowRequestHandler
{
    public EchoFlow() => ReadBufferSize = Work.EchoBufferSize;

    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() => Flow.Create<ByteString>();
}
