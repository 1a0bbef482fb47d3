using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

/// <summary>EMFILE in a real child process whose descriptor limit is lowered with <c>ulimit -n</c>: the test host's own
/// limit is never touched. Without the listener's descriptor reserve the .NET runtime fail-fasts ("Out of memory.") as
/// soon as it starts a thread with no descriptor left; a heavily loaded machine makes the runtime start threads in the
/// moment between the last accept and the reserve's release, so this runs with the soak, after the parallel tests.</summary>
[Collection(SoakCollection.Name)]
public sealed class FileDescriptorLimitSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const int FileLimit = 160;
    private const int HeldClients = 150;
    private const int AnsweredWhileOut = 5;
    // .NET words EMFILE as "Too many open files in system", ENFILE's text; the error code is the one to trust.
    private const string OutOfDescriptors = "Accept failed: out of file descriptors (TooManyOpenSockets: ";
    private const string Released = "released 32 reserved descriptors, and accepting again as requests end";
    private const string FreeAgain = "File descriptors are free again";

    // Skipped until its flake is understood: in one of three full fresh-clone CI runs (2026-11-27), a held connection
    // got no reply within 10 s while the server was out of descriptors (line "Out of descriptors, the server still
    // serves..."). Passing 5 of 5 in isolation does not make it a safe CI gate. Issue 7 stays open for it.
    [Fact(Skip = "Flaky: a held connection sometimes gets no reply while the server is out of descriptors; see the comment and issue 7")]
    public async Task Out_of_file_descriptors_the_listener_must_release_its_reserve_keep_serving_and_accept_again_once_descriptors_are_freed()
    {
        await using var server = SampleProcess.StartWithFileLimit(FileLimit, "TcpEcho", "--port", "0", "--mode", "threading", "--style", "stream");
        var address = IPEndPoint.Parse(await server.ListeningOnAsync());

        // Idle clients, each holding a descriptor in the server, until it has none left to accept with.
        var held = new List<Socket>();
        var waited = Stopwatch.StartNew();
        try
        {
            // A connect that hangs means the backlog is full: the server stopped accepting, or is slow under load; both pass.
            while (held.Count < HeldClients && !server.Output.Contains(OutOfDescriptors) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                Assert.False(server.HasExited, "the server died of EMFILE:\n" + server.Output);
                if (await TryConnectAsync(address) is { } client)
                    held.Add(client);
            }
            await AwaitConditionAsync(() => Task.FromResult(server.Output.Contains(OutOfDescriptors) || server.HasExited), TimeSpan.FromSeconds(20));
            Assert.False(server.HasExited, "the server died of EMFILE:\n" + server.Output);
            Assert.Contains(Released, server.Output);
            Output?.WriteLine($"{held.Count} clients held when the server ran out after {waited.ElapsedMilliseconds} ms");

            // Out of descriptors, the server still serves the connections it has: the runtime has the reserve to work with.
            for (var i = 0; i < AnsweredWhileOut; i++)
            {
                using var open = held[i];
                await open.SendAsync(Encoding.UTF8.GetBytes($"held {i}\n"));
                var reply = new byte[16];
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                var n = await open.ReceiveAsync(reply, SocketFlags.None, patience.Token);
                Assert.Equal($"HELD {i}", Encoding.UTF8.GetString(reply, 0, n));
            }
            Assert.False(server.HasExited, "the server died of EMFILE:\n" + server.Output);
        }
        finally
        {
            foreach (var client in held)
                client.Dispose();
        }

        // The held connections end, their descriptors come back, the reserve is retaken, and a new client is served.
        await AwaitConditionAsync(() => Task.FromResult(server.Output.Contains(FreeAgain) || server.HasExited), TimeSpan.FromSeconds(20));
        Assert.Equal("HELLO", await LineClient.RoundTripAsync(address, "hello"));
        var (_, log) = await server.StopAsync();
        Assert.Contains("127.0.0.1 wrote:\nhello\n", log);
        Assert.DoesNotContain("Out of memory", log);
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
}
