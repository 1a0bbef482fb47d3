using System.Text;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorServer.Samples.FlowKeyValue;

/// <summary>
/// A length-prefixed request/response protocol: each frame (a 4-byte big-endian length, then UTF-8) is a command,
/// <c>SET key value</c> or <c>GET key</c>, answered by one frame. The answers come from the <see cref="KeyValueStore"/>
/// actor, asked from the flow: a slow store slows the flow, and with it the socket reads.
/// </summary>
public sealed class KeyValueFlow(IActorRef store) : FlowRequestHandler
{
    /// <summary>The largest frame either way.</summary>
    public const int MaxFrame = 64 * 1024;

    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        FlowFraming.LengthPrefixed(MaxFrame).Join(
            Flow.Create<ByteString>()
                .Select(frame => Parse(frame.ToString(Encoding.UTF8)))
                .Via(ActorFlow.Ask<object, string>(store, TimeSpan.FromSeconds(5)))
                .Select(answer => ByteString.FromString(answer, Encoding.UTF8)));

    /// <summary>A command as the store's message; anything else fails the flow, which resets that connection.</summary>
    private static object Parse(string command) => command.Split(' ', 3) switch
    {
        ["SET", var key, var value] => new KeyValueStore.Set(key, value),
        ["GET", var key] => new KeyValueStore.Get(key),
        _ => throw new FormatException($"unknown command \"{command}\": expected SET key value or GET key"),
    };
}
