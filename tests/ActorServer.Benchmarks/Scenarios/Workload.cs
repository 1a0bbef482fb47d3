using System.Text;

namespace ActorServer.Benchmarks.Scenarios;

/// <summary>The work a server under test does; every server of a scenario does the same one.</summary>
internal enum Workload
{
    /// <summary>The seed's protocol: read a line, reply with it upper-cased, close.</summary>
    UpperLine,

    /// <summary>Echo every byte back on a persistent connection, reading at most <see cref="Work.EchoBufferSize"/> at a time.</summary>
    Echo,

    /// <summary>Echo every datagram back to its sender.</summary>
    UdpEcho,
}

/// <summary>The constants every server and the load client share, so that all do the same work.</summary>
internal static class Work
{
    /// <summary>What every echo server reads at once (Python's <c>recv(4096)</c>, the raw server's buffer, the ActorServer handler's buffer).</summary>
    public const int EchoBufferSize = 4096;

    /// <summary>The listen backlog of every server: the kernel's accept queue must not be what limits a connection-rate test.</summary>
    public const int Backlog = 1024;

    /// <summary>The seed client's request line.</summary>
    public static readonly byte[] LineRequest = Encoding.UTF8.GetBytes("hello world\n");

    private static readonly byte[] ExpectedReply = Encoding.UTF8.GetBytes("HELLO WORLD");

    /// <summary>True for the upper-cased reply, with or without its newline (the seed's Python handler sends none).</summary>
    public static bool IsUpperReply(ReadOnlySpan<byte> reply) => reply.TrimEnd("\r\n"u8).SequenceEqual(ExpectedReply);

    public static string Name(Workload workload) => workload switch
    {
        Workload.UpperLine => "line",
        Workload.Echo => "echo",
        _ => "udp",
    };
}
