using ActorServer.Benchmarks.Scenarios;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>The echo workload as a flow handler: the identity flow, the same read size as <see cref="EchoHandler"/>. The
/// flow is made once and returned for every connection, as <see cref="FlowRequestHandler"/> recommends (its fused graph
/// is then reused: this counts where a round reconnects its 1,000 clients).</summary>
public sealed class EchoFlow : FlowRequestHandler
{
    private static readonly Flow<ByteString, ByteString, NotUsed> Identity = Flow.Create<ByteString>();

    public EchoFlow() => ReadBufferSize = Work.EchoBufferSize;

    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() => Identity;
}
