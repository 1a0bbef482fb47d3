using System.Net.Sockets;
using System.Runtime.Versioning;
using ActorServer.Modes.Forking;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>A forking server killed without closing leaves its private folder; the next one removes it.</summary>
[SupportedOSPlatform("linux")]
public sealed class StaleForkDirectoriesSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task A_forking_server_must_remove_the_folder_a_killed_one_left_and_keep_a_live_ones()
    {
        // What a killed server leaves: its folder, and a control socket file that nothing is bound to any more.
        var stale = Directory.CreateTempSubdirectory(StaleForkDirectories.Prefix);
        using (var dead = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified))
        {
            // Bound under another name and moved: .NET removes the file it bound when the socket closes.
            dead.Bind(new UnixDomainSocketEndPoint(Path.Combine(stale.FullName, "bound.sock")));
            File.Move(Path.Combine(stale.FullName, "bound.sock"), Path.Combine(stale.FullName, "control.sock"));
        }
        var live = Directory.CreateTempSubdirectory(StaleForkDirectories.Prefix);
        using var alive = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        alive.Bind(new UnixDomainSocketEndPoint(Path.Combine(live.FullName, "control.sock")));
        alive.Listen();
        try
        {
            await using var server = Tcp<UpperCaseHandler>(s => s.Mode = ServingMode.Forking);
            // Serving in forking mode makes the bridge, which cleans up as it starts (or a forking test running beside
            // this one got there first: either way the stale folder goes and the live one stays).
            _ = Serve(server);

            await AwaitAssertAsync(() => Assert.False(Directory.Exists(stale.FullName), "the stale fork folder was left"), Patience);
            Assert.True(Directory.Exists(live.FullName));
        }
        finally
        {
            if (Directory.Exists(stale.FullName))
                stale.Delete(recursive: true);
            live.Delete(recursive: true);
        }
    }
}
