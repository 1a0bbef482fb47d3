using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

/// <summary>EMFILE in a real child process whose descriptor limit is lowered with <c>ulimit -n</c>: the test host's own
/// limit is never touched, so this runs in parallel with everything else.</summary>
public sealed class FileDescriptorLimitSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const int FileLimit = 160;
    private const int HeldClients = 150;
    // .NET words EMFILE as "Too many open files in system", ENFILE's text; the error code is the one to trust.
    private const string BackOff = "(TooManyOpenSockets); accepting again in 100 ms";

    // Known defect, found by this test: the listener backs off as it should (every run logs the cause every 100 ms),
    // but the .NET runtime fail-fasts ("Out of memory.") when it starts a thread while the process has no descriptor
    // left (strace: the new thread's pipe2 fails with EMFILE), which ended 5 of 8 runs at ulimit -n 160 before the
    // descriptors came back. Unskip once the listener keeps a reserve of descriptors to release at EMFILE.
    [Fact(Skip = "the .NET runtime dies when it starts a thread with no descriptor left; needs a descriptor reserve in the listener")]
    public async Task Out_of_file_descriptors_the_listener_must_back_off_and_serve_again_once_descriptors_are_freed()
    {
        await using var server = SampleProcess.StartWithFileLimit(FileLimit, "TcpEcho", "--port", "0", "--mode", "threading", "--style", "stream");
        var address = IPEndPoint.Parse(await server.ListeningOnAsync());

        // Idle clients, each holding a descriptor in the server, until it has none left to accept with.
        var held = new List<Socket>();
        var waited = Stopwatch.StartNew();
        try
        {
            // A connect that hangs means the backlog is full: the server stopped accepting, or is slow under load; both pass.
            while (held.Count < HeldClients && !server.Output.Contains(BackOff) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                Assert.False(server.HasExited, "the server died of EMFILE:\n" + server.Output);
                if (await TryConnectAsync(address) is { } client)
                    held.Add(client);
            }
            await AwaitConditionAsync(() => Task.FromResult(server.Output.Contains(BackOff)), TimeSpan.FromSeconds(20));
            var firstBackOff = waited.Elapsed;

            // Backing off, not spinning: four more retries take four back-off delays, not microseconds.
            await AwaitConditionAsync(() => Task.FromResult(Occurrences(server.Output) >= 5 || server.HasExited), TimeSpan.FromSeconds(20));
            var fiveRetries = BackOffTimes(server.Output)[4] - BackOffTimes(server.Output)[0];
            Output?.WriteLine($"{held.Count} clients held; first back-off after {firstBackOff.TotalMilliseconds:F0} ms; four more retries took {fiveRetries.TotalMilliseconds:F0} ms");
            Assert.False(server.HasExited, "the server died of EMFILE:\n" + server.Output);
            Assert.Contains("Accept failed: Too many open files", server.Output);
            Assert.True(fiveRetries >= TimeSpan.FromMilliseconds(350), $"retries came {fiveRetries.TotalMilliseconds:F0} ms apart in all: spinning");
        }
        finally
        {
            foreach (var client in held)
                client.Dispose();
        }

        // The held connections end, their descriptors come back, and a new client is served.
        Assert.Equal("HELLO", await LineClient.RoundTripAsync(address, "hello"));
        var (_, log) = await server.StopAsync();
        Assert.Contains("127.0.0.1 wrote:\nhello\n", log);
    }

    /// <summary>A connection, or null when the server's backlog is full and the connect hangs.</summary>
    private static async Task<Socket?> TryConnectAsync(IPEndPoint address)
    {
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var patience = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        try
        {
            await socket.ConnectAsync(address, patience.Token);
            return socket;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            socket.Dispose();
            return null;
        }
    }

    private static int Occurrences(string text) => Regex.Matches(text, Regex.Escape(BackOff)).Count;

    /// <summary>When the server logged each back-off, from the timestamps of its log lines.</summary>
    private static DateTime[] BackOffTimes(string text) =>
        Regex.Matches(text, @"^\[WARNING\]\[([^\]]+)\].*" + Regex.Escape(BackOff), RegexOptions.Multiline)
            .Select(m => DateTime.ParseExact(m.Groups[1].Value, "MM/dd/yyyy HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
            .ToArray();
}
