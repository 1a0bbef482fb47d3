using System.Net;
using ActorServer.Benchmarks.Scenarios;
using Akka;
using Akka.Actor;
using Akka.Configuration;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// The ecosystem's own answer: Akka.Streams <c>Tcp().Bind</c> with a flow per connection (identity for echo,
/// newline framing + upper-case + take one for the seed's protocol), and Akka.IO <c>Udp</c> with an actor for datagrams.
/// </summary>
internal sealed class AkkaStreamsHost : IBenchServer
{
    private readonly ActorSystem _system;

    private AkkaStreamsHost(ActorSystem system, EndPoint address)
    {
        _system = system;
        Address = address;
    }

    public EndPoint Address { get; }

    public static async Task<AkkaStreamsHost> StartAsync(Workload workload, int port)
    {
        var system = ActorSystem.Create("bench-streams", ConfigurationFactory.ParseString("""
            akka {
              loglevel = WARNING
              stdout-loglevel = WARNING
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
            }
            """));
        if (workload == Workload.UdpEcho)
        {
            var bound = new TaskCompletionSource<EndPoint>(TaskCreationOptions.RunContinuationsAsynchronously);
            system.ActorOf(Props.Create(() => new UdpEchoActor(new IPEndPoint(IPAddress.Loopback, port), bound)), "udp-echo");
            return new AkkaStreamsHost(system, await bound.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        var materializer = system.Materializer();
        var flow = workload == Workload.Echo ? Flow.Create<ByteString>() : UpperLineFlow();
        var binding = await system.TcpStream()
            .Bind("127.0.0.1", port, backlog: Work.Backlog)
            .To(Sink.ForEach<Akka.Streams.Dsl.Tcp.IncomingConnection>(connection => connection.HandleWith(flow, materializer)))
            .Run(materializer);
        return new AkkaStreamsHost(system, binding.LocalAddress);
    }

    private static Flow<ByteString, ByteString, NotUsed> UpperLineFlow() =>
        Flow.Create<ByteString>()
            .Via(Framing.Delimiter(ByteString.FromString("\n"), maximumFrameLength: 65536, allowTruncation: true))
            .Take(1)
            .Select(line => ByteString.FromString(line.ToString().Trim().ToUpperInvariant() + "\n"));

    public async ValueTask DisposeAsync() => await _system.Terminate();

    private sealed class UdpEchoActor : ReceiveActor
    {
        private IActorRef _socket = ActorRefs.Nobody;

        public UdpEchoActor(IPEndPoint endpoint, TaskCompletionSource<EndPoint> bound)
        {
            Context.System.Udp().Tell(new Udp.Bind(Self, endpoint));
            Receive<Udp.Bound>(b =>
            {
                _socket = Sender;
                bound.TrySetResult(b.LocalAddress);
            });
            Receive<Udp.CommandFailed>(failed => bound.TrySetException(new InvalidOperationException($"UDP bind failed: {failed}")));
            Receive<Udp.Received>(r => _socket.Tell(Udp.Send.Create(r.Data, r.Sender)));
        }
    }
}
