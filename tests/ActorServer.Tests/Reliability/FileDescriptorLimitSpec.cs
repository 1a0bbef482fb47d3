using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

/// <summary>EMFILE in a real child process whose descriptor limit is lowered with <c>ulimit -n</c>: the test host's own
/// limit is never touched. With no descriptor free the .NET runtime cannot start a thread: the thread pool then throws
/// out of whatever queued work (the process dies, "Out of memory."), and a handler thread that failed to start used to
/// leave the handler dispatcher one item behind (a held connection got no reply). So the listener releases its reserve
/// while a few descriptors are still free, where the process can count them (Linux 6.2 and later), and at EMFILE
/// elsewhere. It runs with the soak, after the parallel tests.</summary>
[Collection(SoakCollection.Name)]
public sealed class FileDescriptorLimitSpec(ITestOutputHelper output) : ServerSpec(output)
{
    private const int FileLimit = 160;
    private const int HeldClients = 150;
    private const int AnsweredWhileOut = 5;
    private const string Released = "released 32 reserved descriptors, and accepting again as requests end";
    private const string NearlyOut = "Nearly out of file descriptors (";
    // .NET words EMFILE as "Too many open files in system", ENFILE's text; the error code is the one to trust.
    private const string AcceptFailed = "Accept failed: out of file descriptors (TooManyOpenSockets: ";
    private const string FreeAgain = "File descriptors are free again";

    [Fact]
    public async Task Out_of_file_descriptors_the_listener_must_release_its_reserve_keep_serving_and_accept_again_once_descriptors_are_freed()
    {
        await using var server = SampleProcess.StartWithFileLimit(FileLimit, "TcpEcho", "--port", "0", "--mode", "threading", "--style", "stream");
        var address = IPEndPoint.Parse(await server.ListeningOnAsync());

        // Idle clients, each holding a descriptor in the server, until it has (nearly) none left to accept with.
        var held = new List<Socket>();
        var waited = Stopwatch.StartNew();
        try
        {
            // A connect that hangs means the backlog is full: the server stopped accepting, or is slow under load; both pass.
            while (held.Count < HeldClients && !server.Output.Contains(Released) && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                Assert.False(server.HasExited, "the server died of EMFILE:\n" + server.Output);
                if (await TryConnectAsync(address) is { } client)
                    held.Add(client);
            }
            await AwaitConditionAsync(() => Task.FromResult(server.Output.Contains(Released) || server.HasExited), TimeSpan.FromSeconds(20));
            Assert.False(server.HasExited, "the server died of EMFILE:\n" + server.Output);
            // Where descriptors can be counted, the reserve goes before accept takes the last one, not after it failed.
            Assert.Contains(ProcessDescriptors.Free() is null ? AcceptFailed : NearlyOut, server.Output);
            Output?.WriteLine($"{held.Count} clients held when the server ran out after {waited.ElapsedMilliseconds} ms");
            // The first clients were accepted (the kernel hands connections over in order), not left in the backlog.
            Assert.True(OpenAtRelease(server.Output) >= AnsweredWhileOut, server.Output);

            // Out of descriptors, the server still serves the connections it has: the runtime has the reserve to work with.
            for (var i = 0; i < AnsweredWhileOut; i++)
            {
                using var open = held[i];
                await open.SendAsync(Encoding.UTF8.GetBytes($"held {i}\n"));
                var reply = new byte[16];
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                int n;
                try
                {
                    n = await open.ReceiveAsync(reply, SocketFlags.None, patience.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"held connection {i} got no reply within 10 s; the server wrote:\n{server.Output}");
                    throw;
                }
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
        Output?.WriteLine("The server wrote:\n" + log);
        Assert.Contains("127.0.0.1 wrote:\nhello\n", log);
        Assert.DoesNotContain("Out of memory", log);
    }

    /// <summary>The requests open when the reserve was released, from the listener's warning.</summary>
    private static int OpenAtRelease(string log)
    {
        var match = Regex.Match(log, @"with (\d+) requests open; " + Regex.Escape(Released));
        return match.Success ? int.Parse(match.Groups[1].Value) : 0;
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
