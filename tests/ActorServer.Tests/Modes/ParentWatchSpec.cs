using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.Versioning;
using ActorServer.Modes.Forking;
using ActorServer.Tests.Reliability;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>A forked child never outlives its server: killed with SIGKILL, the server cannot tell its children to
/// stop, so each child watches it. Alone, after the parallel tests: any forking server that starts meanwhile removes the
/// stale fork folder that the SIGKILL test expects to find in the shared temp folder.</summary>
[SupportedOSPlatform("linux")]
[Collection(SoakCollection.Name)]
public sealed class ParentWatchSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task A_forked_child_must_exit_within_a_second_of_its_server_being_killed()
    {
        var directory = Directory.CreateTempSubdirectory("as-fork-");
        var controlPath = Path.Combine(directory.FullName, "control.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(controlPath));
        listener.Listen();
        var child = ChildLauncher.StartInfo(typeof(UpperCaseHandler), controlPath, startId: 1, quota: 0);
        // A stand-in for the server, which SIGKILL can take away without taking the test along: a shell that starts
        // the child as the server does (naming itself as the child's server), prints the child's pid and waits.
        var shell = new ProcessStartInfo("sh") { UseShellExecute = false, RedirectStandardOutput = true };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add($"{ParentWatch.ParentVariable}=$$ \"$@\" & echo $!; wait");
        shell.ArgumentList.Add("sh");
        shell.ArgumentList.Add(child.FileName);
        foreach (var argument in child.ArgumentList)
            shell.ArgumentList.Add(argument);
        using var server = Process.Start(shell)!;
        var childId = int.Parse((await server.StandardOutput.ReadLineAsync().WaitAsync(Patience))!);
        try
        {
            // Connected: the child is up, and its watch started before it connected.
            using var control = await listener.AcceptAsync().WaitAsync(Patience);
            Assert.True(IsAlive(childId));

            server.Kill();
            await server.WaitForExitAsync().WaitAsync(Patience);
            var killed = Stopwatch.StartNew();

            await AwaitAssertAsync(() => Assert.False(IsAlive(childId), "the child outlived its server"), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(50));
            Assert.True(killed.Elapsed < TimeSpan.FromSeconds(2), $"the child took {killed.ElapsedMilliseconds} ms to exit");
        }
        finally
        {
            if (IsAlive(childId))
                Process.GetProcessById(childId).Kill();
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_forking_server_killed_with_sigkill_mid_request_must_leave_no_child_and_the_next_server_must_clean_its_folder()
    {
        await using var server = SampleProcess.Start("ForkingTcp", "--host", "127.0.0.1", "--port", "0");
        var address = System.Net.IPEndPoint.Parse(await server.ListeningOnAsync());
        // Three requests in flight: each child blocks reading a request that never comes.
        var clients = new List<LineClient>();
        for (var i = 0; i < 3; i++)
            clients.Add(await LineClient.ConnectAsync(address));
        int[] children = [];
        await AwaitAssertAsync(() =>
        {
            children = ChildrenOf(server.Id);
            Assert.Equal(3, children.Length);
        }, Patience, TimeSpan.FromMilliseconds(50));

        await server.KillAloneAsync();
        var killed = Stopwatch.StartNew();

        await AwaitAssertAsync(() => Assert.DoesNotContain(children, IsAlive), TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(20));
        Assert.True(killed.Elapsed < TimeSpan.FromSeconds(1), $"the children took {killed.ElapsedMilliseconds} ms to exit");
        // Children that exit on their own leave none of the runtime's pipes; the server, killed by the test, does.
        Assert.All(children, child => Assert.Empty(RuntimeLeftovers.Of(child)));
        RuntimeLeftovers.Remove(server.Id);
        foreach (var client in clients)
        {
            Assert.Equal("", await client.ReadToEndAsync(resetEnds: true));
            client.Dispose();
        }
        Assert.NotEmpty(StaleForkDirectories.Stale());

        // The next forking server removes the folder the killed one left.
        await using var next = new TcpServer<UpperCaseHandler>(AnyLoopbackPort, bindAndActivate: false, system: Sys) { Mode = ServingMode.Forking };
        next.ServerBind();
        next.ServerActivate();
        _ = Serve(next);
        Assert.Equal("AGAIN\n", await LineClient.RoundTripAsync(next.ServerAddress, "again"));
        Assert.Empty(StaleForkDirectories.Stale());
    }

    private static int[] ChildrenOf(int parentId) =>
        [.. Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!)).Where(id => ParentOf(id) == parentId && IsAlive(id))];

    private static int? ParentOf(int processId)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{processId}/stat");
            return int.Parse(stat[(stat.LastIndexOf(')') + 4)..].Split(' ')[0]);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return null;
        }
    }

    /// <summary>True while the process runs: a zombie (exited, not yet reaped by its new parent) is gone for this purpose.</summary>
    private static bool IsAlive(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{processId}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return false;
        }
        var state = stat[stat.LastIndexOf(')') + 2];
        return state is not ('Z' or 'X');
    }
}
