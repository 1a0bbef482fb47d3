using System.Runtime.CompilerServices;
using Akka.IO;

namespace ActorServer.Flows;

/// <summary>The bytes of a <see cref="ByteString"/> as memory to send, without a copy where Akka allows it.</summary>
internal static class ByteStrings
{
    // Akka 1.5's ByteString keeps its bytes as array segments but shows them only as a span (ToReadOnlySpan), which an
    // async send cannot hold; its Buffers property is internal. Reached through an UnsafeAccessor (no reflection cost);
    // should a later Akka drop it, the first call says so and every send copies, as before.
    private static bool _accessorMissing;

    /// <summary>The bytes of <paramref name="bytes"/> when they lie in one array segment (a compact ByteString, such as
    /// every read of a flow handler's connection); false for a rope of several, or when Akka hides them.</summary>
    public static bool TryGetSegment(ByteString bytes, out ArraySegment<byte> segment)
    {
        segment = default;
        if (_accessorMissing)
            return false;
        try
        {
            if (Buffers(bytes) is not [var only])
                return false;
            segment = only;
            return true;
        }
        catch (MissingMethodException)
        {
            _accessorMissing = true;
            return false;
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Method, Name = "get_Buffers")]
    private static extern IList<ArraySegment<byte>> Buffers(ByteString bytes);
}
