using ActorServer.Actors;
using ActorServer.Tests.Modes;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Actors;

/// <summary>
/// Request actors are made without Akka's per-child lookups (<see cref="RequestActorFactory"/>) only where those would
/// find nothing: a deployment configured for the requests' paths still reaches them.
/// </summary>
public sealed class RequestActorFactorySpec(ITestOutputHelper output) : ServerSpec(output, """
    akka.actor.deployment {
      "/actor-server-deployed/requests/*" { dispatcher = actor-server.pinned-dispatcher }
    }
    """)
{
    /// <summary>Replies whether a factory made in its context makes the actors itself.</summary>
    private sealed class FactoryProbe : ReceiveActor
    {
        public FactoryProbe() =>
            ReceiveAny(_ => Sender.Tell(RequestActorFactory.For(Context, ConnectionProps.Template(requestMailbox: false)).Direct));
    }

    [Fact]
    public async Task A_deployment_configured_for_the_requests_paths_must_reach_their_actors()
    {
        await using var server = new UdpServer<DatagramHandlerPlacementSpec.AsyncThreadHandler>(AnyLoopbackPort, system: Sys, name: "deployed") { Mode = ServingMode.Threading };
        _ = Serve(server);

        // The deployment's pinned dispatcher, not the pool that request actors get by default.
        Assert.StartsWith("dedicated", await DatagramClient.RoundTripAsync(server.ServerAddress, "which thread"));
    }

    [Fact]
    public async Task Request_actors_must_be_made_by_akka_where_a_deployment_is_configured_and_directly_where_none_is()
    {
        Assert.False(await Sys.ActorOf(Props.Create<FactoryProbe>()).Ask<bool>("direct?", Patience));

        var plain = ActorSystem.Create("plain", "akka.loglevel = WARNING");
        try
        {
            Assert.True(await plain.ActorOf(Props.Create<FactoryProbe>()).Ask<bool>("direct?", Patience));
        }
        finally
        {
            await plain.Terminate();
        }
    }
}
