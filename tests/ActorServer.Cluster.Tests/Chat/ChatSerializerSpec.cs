using ActorServer.Samples.ClusterChat;
using Akka.Actor;

namespace ActorServer.Cluster.Tests.Chat;

/// <summary>The ClusterChat's serializer: bound to every chat message, each one read back as it was written.</summary>
public sealed class ChatSerializerSpec() : Akka.TestKit.Xunit2.TestKit("""
    akka.actor {
      serializers.cluster-chat = "ActorServer.Samples.ClusterChat.ChatSerializer, ClusterChat"
      serialization-bindings { "ActorServer.Samples.ClusterChat.IChatMessage, ClusterChat" = cluster-chat }
    }
    """)
{
    [Fact]
    public void Every_chat_message_must_be_read_back_as_it_was_written()
    {
        var member = Sys.ActorOf(Props.Empty, "member");
        var known = new[] { new ChatRoom.MemberRef("ann", member, 7), new ChatRoom.MemberRef("bén", TestActor) };
        object[] messages =
        [
            new ChatRoom.Join("lounge", "ann", member), new ChatRoom.Join("lounge", "ann", member, known, 3),
            new ChatRoom.Join("lounge", "ann", member, []), ChatRoom.Joined.Instance, new ChatRoom.JoinRefused("ann is taken"),
            new ChatRoom.Say("lounge", "ann", "héllo, wörld ✓", 42), new ChatRoom.Heard(42), new ChatRoom.Who("lounge"),
            new ChatRoom.Here(["ann", "bén"]), new ChatRoom.TooSlow("lounge", "ann"), new ChatRoom.Line(""),
            new ChatRoom.Moved(known),
        ];

        foreach (var message in messages)
        {
            var serializer = Assert.IsType<ChatSerializer>(Sys.Serialization.FindSerializerFor(message));
            var back = serializer.FromBinary(serializer.ToBinary(message), serializer.Manifest(message));
            Assert.Equal(Describe(message), Describe(back));
        }
    }

    // Records compare arrays by reference: compare what they print, with the arrays spelled out.
    private static string Describe(object message) => message switch
    {
        ChatRoom.Join join => $"{join with { Known = null }} [{string.Join(", ", join.Known?.Select(k => k.ToString()) ?? ["null"])}]",
        ChatRoom.Here here => $"Here [{string.Join(", ", here.Members)}]",
        ChatRoom.Moved moved => $"Moved [{string.Join(", ", moved.Members.Select(k => k.ToString()))}]",
        _ => message.ToString()!,
    };
}
