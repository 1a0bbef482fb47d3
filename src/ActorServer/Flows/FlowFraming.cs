using System.Text;
using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorServer;

/// <summary>
/// The common shapes of a protocol over a <see cref="FlowRequestHandler"/>'s bytes, as bidirectional flows to
/// <c>Join</c> with the flow of messages: <c>FlowFraming.Lines(1024).Join(messages)</c> is a
/// <c>Flow&lt;ByteString, ByteString, NotUsed&gt;</c>. A frame over its limit fails the flow with a
/// <see cref="Framing.FramingException"/>, which the server treats as the client's fault: it closes only that connection.
/// </summary>
public static class FlowFraming
{
    private static readonly ByteString Newline = ByteString.FromString("\n");

    /// <summary>Lines of text: the client's bytes split at each <c>\n</c> (a trailing <c>\r</c> dropped, a last line
    /// without <c>\n</c> delivered at end of file, as Python's <c>readline</c>), and each string the flow emits sent with a <c>\n</c>.</summary>
    /// <param name="maxLength">The longest line accepted, in bytes, without its <c>\n</c>.</param>
    /// <param name="encoding">The text's encoding. <b>Default:</b> UTF-8.</param>
    public static BidiFlow<ByteString, string, string, ByteString, NotUsed> Lines(int maxLength, Encoding? encoding = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 1);
        var text = encoding ?? Encoding.UTF8;
        var decode = Framing.Delimiter(Newline, maxLength, allowTruncation: true)
            .Select(frame => text.GetString(frame.ToReadOnlySpan()).TrimEnd('\r'));
        var encode = Flow.Create<string>().Select(line => ByteString.FromBytes(text.GetBytes(line + "\n")));
        return BidiFlow.FromFlows(decode, encode);
    }

    /// <summary>Length-prefixed frames: each frame a 4-byte big-endian length, then that many bytes. The client's bytes
    /// come out as the frames' payloads; each payload the flow emits is sent with its length before it.</summary>
    /// <param name="maxFrameLength">The largest payload accepted, in bytes, either way.</param>
    public static BidiFlow<ByteString, ByteString, ByteString, ByteString, NotUsed> LengthPrefixed(int maxFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        // Akka's protocol is written from the sending side (encoder on top); a server's top is what it receives.
        return Framing.SimpleFramingProtocol(maxFrameLength).Reversed();
    }
}
