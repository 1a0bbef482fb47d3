using System.Text;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorServer.Tests.Flows;

/// <summary>The seed's protocol as a flow: each line back upper-cased, with the id of the process that served it (to
/// tell a forked child from the server).</summary>
public sealed class UpperWithPidFlow : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        FlowFraming.Lines(maxLength: 1024).Join(Flow.Create<string>().Select(line => $"{line.ToUpperInvariant()} {Environment.ProcessId}"));
}

/// <summary>Counts the client's bytes and answers the total once the client's input ends.</summary>
public sealed class CountingFlow : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        Flow.Create<ByteString>().Aggregate(0L, (total, bytes) => total + bytes.Count).Select(total => ByteString.FromString($"{total}\n"));
}

/// <summary>Answers one line, then completes.</summary>
public sealed class OneLineFlow : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        FlowFraming.Lines(1024).Join(Flow.Create<string>().Take(1).Select(line => line.ToUpperInvariant()));
}

/// <summary>Sends <see cref="Chunks"/> chunks of 1 KiB unprompted, then completes.</summary>
public sealed class BulkFlow : FlowRequestHandler
{
    public const int Chunks = 1000;

    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        Flow.FromSinkAndSource(Sink.Ignore<ByteString>(),
            Source.From(Enumerable.Range(0, Chunks)).Select(i => ByteString.FromBytes(Enumerable.Repeat((byte)('a' + i % 26), 1024).ToArray())), Keep.None<Task, NotUsed>);
}

/// <summary>Echoes lines, and throws on "boom".</summary>
public sealed class ExplodingFlow : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        FlowFraming.Lines(1024).Join(Flow.Create<string>().Select(line => line == "boom" ? throw new InvalidOperationException("flow exploded on purpose") : line));
}

/// <summary>Echoes lines of at most 8 bytes.</summary>
public sealed class ShortLinesFlow : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() => FlowFraming.Lines(8).Join(Flow.Create<string>());
}

/// <summary>Never ends by itself; tells <paramref name="probe"/> "started", then how its input ended (the exception's type name, or "completed").</summary>
public sealed class EndlessFlow(IActorRef probe) : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow()
    {
        var input = Sink.Ignore<ByteString>().MapMaterializedValue(done =>
        {
            probe.Tell("started");
            done.ContinueWith(t => probe.Tell(t.Exception?.GetBaseException().GetType().Name ?? "completed"));
            return NotUsed.Instance;
        });
        return Flow.FromSinkAndSource(input, Source.Maybe<ByteString>().MapMaterializedValue(_ => NotUsed.Instance));
    }
}

/// <summary>Says "hi" and completes its output at once; tells <paramref name="probe"/> how many bytes its input got, and how it ended.</summary>
public sealed class GreetingFlow(IActorRef probe, bool halfClose) : FlowRequestHandler
{
    public GreetingFlow(IActorRef probe) : this(probe, halfClose: false)
    {
    }

    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow()
    {
        HalfClose = halfClose;
        return Flow.FromSinkAndSource(
            Flow.Create<ByteString>().Aggregate(0, (total, bytes) => total + bytes.Count)
                .To(Sink.ForEach<int>(total => probe.Tell($"input of {total} bytes"))),
            Source.Single(ByteString.FromString("hi\n")));
    }
}

/// <summary>A byte counter shared between a test and its handlers.</summary>
public sealed class ByteCount
{
    private long _bytes;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void Add(long n) => Interlocked.Add(ref _bytes, n);
}

/// <summary>Counts what it takes from the connection into <paramref name="taken"/>, then holds each chunk until <paramref name="gate"/> opens.</summary>
public sealed class GatedFlow(ByteCount taken, Task gate) : FlowRequestHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        Flow.Create<ByteString>()
            .Select(bytes =>
            {
                taken.Add(bytes.Count);
                return bytes;
            })
            .SelectAsync(1, async bytes =>
            {
                await gate;
                return ByteString.Empty;
            })
            .Where(bytes => !bytes.IsEmpty);
}

/// <summary>Emits 64 KiB chunks without end, counting what its source produced into <paramref name="produced"/>.</summary>
public sealed class FirehoseFlow(ByteCount produced) : FlowRequestHandler
{
    private static readonly ByteString Chunk = ByteString.FromBytes(Encoding.ASCII.GetBytes(new string('x', 64 * 1024)));

    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        Flow.FromSinkAndSource(Sink.Ignore<ByteString>(), Source.Repeat(Chunk).Select(chunk =>
        {
            produced.Add(chunk.Count);
            return chunk;
        }), Keep.None<Task, NotUsed>);
}

/// <summary>Answers each line of a datagram upper-cased, as a datagram of its own, with the id of the process that served it.</summary>
public sealed class UpperDatagramFlow : DatagramFlowHandler
{
    protected override Flow<ByteString, ByteString, NotUsed> CreateFlow() =>
        Flow.Create<ByteString>()
            .SelectMany(packet => packet.ToString(Encoding.UTF8).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            .Select(line => ByteString.FromString($"{line.ToUpperInvariant()} {Environment.ProcessId}"));
}
