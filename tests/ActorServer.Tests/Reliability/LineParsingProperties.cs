using System.Text;
using ActorServer.Tests.Support;
using ActorServer.Transport;
using FsCheck.Xunit;

namespace ActorServer.Tests.Reliability;

/// <summary>
/// Properties of <c>rfile.readline()</c> (<see cref="BufferedReader"/>, under <c>StreamRequestHandler.ReadLineAsync</c>):
/// however a socket splits a byte stream, and whatever the read buffer size, the lines are those of the whole stream,
/// and no line passes the maximum line length.
/// </summary>
public sealed class LineParsingProperties
{
    private const int NoLimit = 1 << 20;
    private static readonly int[] BufferSizes = [-1, 0, 1, 2, 3, 5, 8, 13, 64];

    /// <summary>One generated case: arbitrary bytes (many of them made newlines and carriage returns, so lines are
    /// short and many), where to cut them, the read buffer size and the surface (blocking or asynchronous).</summary>
    private sealed record Case(byte[] Data, List<byte[]> Chunks, int BufferSize, bool Blocking)
    {
        public static Case From(byte[] raw, int[] cuts, byte bufferSeed, bool blocking)
        {
            var data = raw.Select(b => b % 7 == 0 ? (byte)'\n' : b % 11 == 0 ? (byte)'\r' : b).ToArray();
            var chunks = new List<byte[]>();
            for (int at = 0, i = 0; at < data.Length; i++)
            {
                var size = cuts.Length == 0 ? data.Length : 1 + (int)((uint)cuts[i % cuts.Length] % 17);
                size = Math.Min(size, data.Length - at);
                chunks.Add(data[at..(at + size)]);
                at += size;
            }
            return new Case(data, chunks, BufferSizes[bufferSeed % BufferSizes.Length], blocking);
        }
    }

    /// <summary>The model: split at <c>\n</c>, drop one <c>\r</c> before it, keep a non-empty unterminated rest as is.
    /// Each line comes with its length in bytes as the limit counts it (before the <c>\n</c>, any <c>\r</c> included).</summary>
    private static List<(string Line, int RawLength)> Model(byte[] data)
    {
        var lines = new List<(string, int)>();
        var start = 0;
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] != (byte)'\n')
                continue;
            var content = data.AsSpan(start, i - start);
            var text = content.Length > 0 && content[^1] == (byte)'\r' ? content[..^1] : content;
            lines.Add((Encoding.UTF8.GetString(text), content.Length));
            start = i + 1;
        }
        if (start < data.Length)
            lines.Add((Encoding.UTF8.GetString(data.AsSpan(start)), data.Length - start));
        return lines;
    }

    /// <summary>Reads lines to the end; a <see cref="LineTooLongException"/> ends the list with null.</summary>
    private static List<string?> ReadAll(IEnumerable<byte[]> chunks, int bufferSize, int maxLineLength, bool blocking)
    {
        using var reader = new BufferedReader(new ChunkedChannel(chunks), bufferSize, timeout: null, maxLineLength);
        var lines = new List<string?>();
        try
        {
            while ((blocking ? reader.ReadLine() : reader.ReadLineAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult()) is { } line)
                lines.Add(line);
        }
        catch (LineTooLongException)
        {
            lines.Add(null);
        }
        return lines;
    }

    [Property(MaxTest = 500)]
    public bool Lines_read_in_arbitrary_chunks_must_be_the_lines_of_the_whole_stream(byte[] raw, int[] cuts, byte bufferSeed, bool blocking)
    {
        var c = Case.From(raw, cuts, bufferSeed, blocking);
        var whole = ReadAll([c.Data], -1, NoLimit, blocking: false);
        var chunked = ReadAll(c.Chunks, c.BufferSize, NoLimit, c.Blocking);
        return whole.SequenceEqual(Model(c.Data).Select(l => l.Line)) && chunked.SequenceEqual(whole);
    }

    [Property(MaxTest = 500)]
    public bool No_line_longer_than_the_maximum_must_be_returned_and_the_first_one_must_fail_the_read(
        byte[] raw, int[] cuts, byte bufferSeed, bool blocking, byte limitSeed)
    {
        var c = Case.From(raw, cuts, bufferSeed, blocking);
        var max = 1 + limitSeed % 24;
        var model = Model(c.Data);
        var allowed = model.TakeWhile(l => l.RawLength <= max).Select(l => (string?)l.Line).ToList();
        var expected = allowed.Count == model.Count ? allowed : [.. allowed, null];

        return ReadAll(c.Chunks, c.BufferSize, max, c.Blocking).SequenceEqual(expected);
    }
}
