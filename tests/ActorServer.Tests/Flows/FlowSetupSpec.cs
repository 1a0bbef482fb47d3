using System.Runtime.CompilerServices;
using ActorServer.Flows;
using ActorServer.Tests.Support;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using Xunit.Abstractions;

namespace ActorServer.Tests.Flows;

/// <summary>What a flow connection costs besides its bytes: its stream is its connection actor's own child, with no stream
/// supervisor actor between; a read that waits allocates no state machine.</summary>
public sealed class FlowSetupSpec(ITestOutputHelper output) : FlowSpec(output)
{
    [Fact]
    public async Task A_flow_connections_stream_must_run_under_its_connection_actor_itself()
    {
        await using var server = FlowServer(() => new PathReportingFlow(TestActor));
        _ = Serve(server);
        using var client = await LineClient.ConnectAsync(server.ServerAddress);

        // A stage actor is named under its materializer's supervisor: Context.Materializer()'s was a stream supervisor
        // actor made for each connection, between the connection actor and its stream.
        var path = ExpectMsg<ActorPath>(Patience);
        Assert.StartsWith("conn-", path.Parent.Name);
        Assert.Equal("requests", path.Parent.Parent.Name);
    }

    [Fact]
    public async Task An_actors_flow_materializer_must_make_its_streams_the_actors_own_children()
    {
        var actor = Sys.ActorOf(Props.Create(() => new MaterializingActor()));
        actor.Tell("run", TestActor);
        var children = ExpectMsg<string[]>(Patience);
        var done = ExpectMsg<Task>(Patience);

        // Context.Materializer() would have made a stream supervisor as the only child, the stream under it.
        Assert.Single(children);
        Assert.StartsWith("flow-", children[0]);
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor, Patience);
        await Assert.ThrowsAsync<AbruptTerminationException>(() => done.WaitAsync(Patience));
    }

    [Fact]
    public void The_connection_stages_reads_must_have_no_async_method()
    {
        // An async method's state machine is allocated each time it waits: a read that waits (after a full one, the
        // streaming case) must come back through the stage's one cached continuation instead.
        var logic = typeof(ConnectionStage).GetNestedType("Logic", System.Reflection.BindingFlags.NonPublic)!;
        var asyncMethods = logic.GetMethods(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
            .Where(method => method.IsDefined(typeof(AsyncStateMachineAttribute), inherit: false))
            .Select(method => method.Name);

        Assert.Equal(["SendAsync"], asyncMethods);
    }

    /// <summary>The identity flow through a stage that tells <paramref name="probe"/> its stage actor's path as it starts.</summary>
    private sealed class PathReportingFlow(IActorRef probe) : FlowRequestHandler
    {
        protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() => Flow.FromGraph(new PathReporting(probe));
    }

    private sealed class PathReporting(IActorRef probe) : GraphStage<FlowShape<ByteString, ByteString>>
    {
        private readonly Inlet<ByteString> _in = new("reporting.in");
        private readonly Outlet<ByteString> _out = new("reporting.out");
        private readonly IActorRef _probe = probe;

        public override FlowShape<ByteString, ByteString> Shape => new(_in, _out);

        protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

        private sealed class Logic : InAndOutGraphStageLogic
        {
            private readonly PathReporting _stage;

            public Logic(PathReporting stage) : base(stage.Shape)
            {
                _stage = stage;
                SetHandler(stage._in, this);
                SetHandler(stage._out, this);
            }

            public override void PreStart() => _stage._probe.Tell(GetStageActor(_ => { }).Ref.Path);

            public override void OnPush() => Push(_stage._out, Grab(_stage._in));

            public override void OnPull() => Pull(_stage._in);
        }
    }

    /// <summary>Materializes a stream that never ends with its own flow materializer, then answers with its children's
    /// names and the stream's completion.</summary>
    private sealed class MaterializingActor : ReceiveActor
    {
        public MaterializingActor() => Receive<string>(_ =>
        {
            var materializer = FlowMaterializer.ForActor(Context, FlowMaterializer.Settings(Context.System));
            var done = Source.Maybe<int>().ToMaterialized(Sink.Ignore<int>(), Keep.Right).Run(materializer);
            Sender.Tell(Context.GetChildren().Select(child => child.Path.Name).ToArray());
            Sender.Tell(done);
        });
    }
}
