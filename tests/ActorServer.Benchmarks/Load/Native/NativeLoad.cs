using System.Globalization;
using System.Net;

namespace ActorServer.Benchmarks.Load.Native;

/// <summary>How the outside client runs a scenario: its kind (connrate, pingpong, windowed, udp, idle), message size and window.</summary>
internal sealed record NativeLoad(string Kind, int Size = 64, int Window = 1)
{
    public IReadOnlyList<string> Arguments(IPEndPoint server, int connections, TimeSpan warmup, TimeSpan measured) =>
    [
        Kind, server.ToString(), "--connections", Text(connections), "--size", Text(Size), "--window", Text(Window),
        "--warmup", Text(warmup.TotalSeconds), "--seconds", Text(measured.TotalSeconds),
    ];

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
}
