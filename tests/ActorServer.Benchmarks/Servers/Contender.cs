namespace ActorServer.Benchmarks.Servers;

/// <summary>The servers a scenario compares.</summary>
internal enum Contender
{
    /// <summary>ActorServer's <c>TcpServer</c> and <c>UdpServer</c> through their public API.</summary>
    ActorServer,

    /// <summary>A plain .NET <c>Socket</c> async server: the practical limit.</summary>
    Raw,

    /// <summary>Akka.Streams <c>Tcp().Bind</c> (Akka.IO <c>Udp</c> for datagrams): the ecosystem's own answer.</summary>
    AkkaStreams,

    /// <summary>Python's <c>socketserver</c> in a <c>python3</c> child process.</summary>
    Python,
}

/// <summary>One row of a scenario: a server kind in a serving mode, with the label the table shows.</summary>
internal sealed record ServerVariant(Contender Kind, string Label, string Mode = "threading")
{
    /// <summary>The command-line name of a kind, for <c>--server</c> and <c>--servers</c>.</summary>
    public static string NameOf(Contender kind) => kind switch
    {
        Contender.ActorServer => "actorserver",
        Contender.Raw => "raw",
        Contender.AkkaStreams => "akka-streams",
        _ => "python",
    };

    public static Contender Parse(string name)
    {
        foreach (var kind in Enum.GetValues<Contender>())
        {
            if (NameOf(kind) == name.Trim().ToLowerInvariant())
                return kind;
        }
        throw new ArgumentException($"unknown server '{name}': expected actorserver, raw, akka-streams or python");
    }
}
