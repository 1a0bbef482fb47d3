using System.CommandLine;

namespace ActorServer.Samples;

/// <summary>The command-line options every sample shares, with the seed's defaults (localhost, port 9999).</summary>
public static class SampleOptions
{
    public static Option<string> Host() => new("--host") { Description = "Host name or address", DefaultValueFactory = _ => "localhost" };

    public static Option<int> Port() => new("--port") { Description = "Port (0 picks a free one)", DefaultValueFactory = _ => 9999 };

    public static Option<ServingMode> Mode() => new("--mode") { Description = "synchronous, threading or forking", DefaultValueFactory = _ => ServingMode.Synchronous };
}
