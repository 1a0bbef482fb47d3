using Akka.Cluster.Sharding;

namespace ActorServer.Samples.ClusterChat;

/// <summary>Routes <see cref="IRoomMessage"/>s: the room's name is the entity id, and its hash picks one of
/// <see cref="Shards"/> shards (the unit sharding places on a node and moves).</summary>
public sealed class RoomMessageExtractor() : HashCodeMessageExtractor(Shards)
{
    /// <summary>About ten times the most nodes expected, as Akka's sharding guide advises.</summary>
    public const int Shards = 30;

    public override string? EntityId(object message) => (message as IRoomMessage)?.Room;
}
