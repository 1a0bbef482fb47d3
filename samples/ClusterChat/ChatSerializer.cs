using System.Runtime.Serialization;
using System.Text;
using Akka.Actor;
using Akka.Serialization;

namespace ActorServer.Samples.ClusterChat;

/// <summary>
/// Writes the chat's <see cref="IChatMessage"/>s for the network: a one-letter manifest per type, then the fields as
/// length-prefixed UTF-8 strings, an actor reference as its full path. Compact, and free of the type names and
/// reflection of Akka's default JSON serializer, which suits a message sent once per line per member.
/// </summary>
public sealed class ChatSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer's id on the wire; ids up to 100 are Akka's own.</summary>
    public const int Id = 9701;

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ChatRoom.Join => "J",
        ChatRoom.Joined => "j",
        ChatRoom.JoinRefused => "R",
        ChatRoom.Say => "S",
        ChatRoom.Heard => "h",
        ChatRoom.Who => "W",
        ChatRoom.Here => "H",
        ChatRoom.TooSlow => "T",
        ChatRoom.Line => "L",
        ChatRoom.Moved => "M",
        _ => throw new ArgumentException($"{o.GetType()} is not a chat message", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        using var bytes = new MemoryStream();
        using (var writer = new BinaryWriter(bytes, Encoding.UTF8))
        {
            switch (obj)
            {
                case ChatRoom.Join join:
                    writer.Write(join.Room);
                    writer.Write(join.Nick);
                    writer.Write(Serialization.SerializedActorPath(join.Member));
                    writer.Write(join.Said);
                    writer.Write(join.Known is not null);
                    if (join.Known is not null)
                        WriteMembers(writer, join.Known);
                    break;
                case ChatRoom.JoinRefused refused:
                    writer.Write(refused.Reason);
                    break;
                case ChatRoom.Say say:
                    writer.Write(say.Room);
                    writer.Write(say.Nick);
                    writer.Write(say.Text);
                    writer.Write(say.Seq);
                    break;
                case ChatRoom.Heard heard:
                    writer.Write(heard.Seq);
                    break;
                case ChatRoom.Who who:
                    writer.Write(who.Room);
                    break;
                case ChatRoom.Here here:
                    writer.Write(here.Members.Length);
                    foreach (var nick in here.Members)
                        writer.Write(nick);
                    break;
                case ChatRoom.TooSlow slow:
                    writer.Write(slow.Room);
                    writer.Write(slow.Nick);
                    break;
                case ChatRoom.Line line:
                    writer.Write(line.Text);
                    break;
                case ChatRoom.Moved moved:
                    WriteMembers(writer, moved.Members);
                    break;
                case ChatRoom.Joined:
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a chat message", nameof(obj));
            }
        }
        return bytes.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        return manifest switch
        {
            "J" => ReadJoin(reader),
            "j" => ChatRoom.Joined.Instance,
            "R" => new ChatRoom.JoinRefused(reader.ReadString()),
            "S" => new ChatRoom.Say(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadInt64()),
            "h" => new ChatRoom.Heard(reader.ReadInt64()),
            "W" => new ChatRoom.Who(reader.ReadString()),
            "H" => new ChatRoom.Here([.. Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadString())]),
            "T" => new ChatRoom.TooSlow(reader.ReadString(), reader.ReadString()),
            "L" => new ChatRoom.Line(reader.ReadString()),
            "M" => new ChatRoom.Moved(ReadMembers(reader)),
            _ => throw new SerializationException($"unknown chat message manifest '{manifest}'"),
        };
    }

    private ChatRoom.Join ReadJoin(BinaryReader reader)
    {
        var (room, nick, member, said) = (reader.ReadString(), reader.ReadString(), ReadRef(reader), reader.ReadInt64());
        return new ChatRoom.Join(room, nick, member, reader.ReadBoolean() ? ReadMembers(reader) : null, said);
    }

    private static void WriteMembers(BinaryWriter writer, ChatRoom.MemberRef[] members)
    {
        writer.Write(members.Length);
        foreach (var member in members)
        {
            writer.Write(member.Nick);
            writer.Write(Serialization.SerializedActorPath(member.Member));
            writer.Write(member.Said);
        }
    }

    private ChatRoom.MemberRef[] ReadMembers(BinaryReader reader) =>
        [.. Enumerable.Range(0, reader.ReadInt32()).Select(_ => new ChatRoom.MemberRef(reader.ReadString(), ReadRef(reader), reader.ReadInt64()))];

    private IActorRef ReadRef(BinaryReader reader) => system.Provider.ResolveActorRef(reader.ReadString());
}
