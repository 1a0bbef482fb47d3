using System.Text;
using Akka.Actor;
using Akka.IO;
using Akka.Serialization;
using Akka.Streams;

namespace ActorServer.Cluster.Messages;

/// <summary>
/// Serializes the cluster mode's messages in a small binary form, and the <see cref="ByteString"/> chunks its stream
/// references carry as their bytes alone (Akka has no serializer of its own for them, and JSON cannot rebuild one). Not Akka's JSON serializer: that would write out a
/// stream reference's properties (its <c>Source</c> among them) instead of the reference; a stream reference is written
/// by the serializer Akka.Streams registers for it, nested here as bytes.
/// </summary>
internal sealed class ClusterMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    /// <summary>The serializer's id; documented in docs/cluster.md so that an application does not reuse it.</summary>
    public const int Id = 7317;

    private const string ServeManifest = "S";
    private const string ServingManifest = "O";
    private const string RefusedManifest = "R";
    private const string BytesManifest = "B";

    public override int Identifier => Id;

    public override string Manifest(object o) => o switch
    {
        ServeRequest => ServeManifest,
        Serving => ServingManifest,
        Refused => RefusedManifest,
        ByteString => BytesManifest,
        _ => throw new ArgumentException($"{o.GetType()} is not a cluster mode message", nameof(o)),
    };

    public override byte[] ToBinary(object obj)
    {
        if (obj is ByteString bytes)
            return bytes.ToArray();
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            switch (obj)
            {
                case ServeRequest serve:
                    writer.Write(serve.Server);
                    writer.Write(serve.HandlerType);
                    WriteOptional(writer, serve.Client);
                    writer.Write(serve.HashKey);
                    WriteRef(writer, serve.Input);
                    writer.Write(serve.RequestTimeout?.Ticks ?? -1);
                    writer.Write(serve.StreamBuffer);
                    break;
                case Serving serving:
                    WriteRef(writer, serving.Output);
                    writer.Write(serving.Worker);
                    break;
                case Refused refused:
                    writer.Write(refused.Worker);
                    writer.Write(refused.Reason);
                    break;
                default:
                    throw new ArgumentException($"{obj.GetType()} is not a cluster mode message", nameof(obj));
            }
        }
        return buffer.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == BytesManifest)
            return ByteString.FromBytes(bytes);
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        return manifest switch
        {
            ServeManifest => new ServeRequest(reader.ReadString(), reader.ReadString(), ReadOptional(reader), reader.ReadString(), ReadRef(reader),
                reader.ReadInt64() is var ticks and >= 0 ? TimeSpan.FromTicks(ticks) : null, reader.ReadInt32()),
            ServingManifest => new Serving(ReadRef(reader), reader.ReadString()),
            RefusedManifest => new Refused(reader.ReadString(), reader.ReadString()),
            _ => throw new System.Runtime.Serialization.SerializationException($"Unknown cluster mode message manifest '{manifest}'"),
        };
    }

    private void WriteRef(BinaryWriter writer, ISourceRef<ByteString> sourceRef)
    {
        var serializer = system.Serialization.FindSerializerFor(sourceRef);
        var payload = serializer.ToBinary(sourceRef);
        writer.Write(serializer.Identifier);
        writer.Write(Serialization.ManifestFor(serializer, sourceRef));
        writer.Write(payload.Length);
        writer.Write(payload);
    }

    private ISourceRef<ByteString> ReadRef(BinaryReader reader)
    {
        var id = reader.ReadInt32();
        var manifest = reader.ReadString();
        var payload = reader.ReadBytes(reader.ReadInt32());
        return (ISourceRef<ByteString>)system.Serialization.Deserialize(payload, id, manifest);
    }

    private static void WriteOptional(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
            writer.Write(text);
    }

    private static string? ReadOptional(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;
}
