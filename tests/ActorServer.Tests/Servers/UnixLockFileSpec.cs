using System.Diagnostics;
using System.Runtime.Versioning;
using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Servers;

/// <summary>A Unix server's lock file among hostile local users: never opened through a symbolic link, not trusted when
/// another user owns it, and removed by its holder on close.</summary>
[SupportedOSPlatform("linux")]
public sealed class UnixLockFileSpec(ITestOutputHelper output) : ServerSpec(output)
{
    [Fact]
    public async Task A_unix_server_must_leave_neither_its_socket_file_nor_its_lock_file_when_it_closes()
    {
        var path = TempSocketPath.Next();
        var server = new UnixStreamServer<UpperCaseHandler>(path, system: Sys);
        _ = Serve(server);
        Assert.True(File.Exists(path + ".lock"));
        Assert.Equal("HELLO\n", await LineClient.RoundTripAsync(server.ServerAddress, "hello"));

        await server.DisposeAsync();

        Assert.False(File.Exists(path), "the socket file was left");
        Assert.False(File.Exists(path + ".lock"), "the lock file was left");
    }

    [Fact]
    public async Task A_lock_file_planted_as_a_symbolic_link_must_not_be_opened_through_and_the_server_must_still_serve()
    {
        var path = TempSocketPath.Next();
        var elsewhere = Directory.CreateTempSubdirectory("as-private-");
        var target = Path.Combine(elsewhere.FullName, "never-created");
        File.CreateSymbolicLink(path + ".lock", target);
        try
        {
            SocketServer? server = null;
            await EventFilter.Warning(contains: $"Not trusting the lock file {path}.lock: it is a symbolic link").ExpectOneAsync(() =>
            {
                server = new UnixStreamServer<UpperCaseHandler>(path, system: Sys);
                return Task.CompletedTask;
            });
            await using (server!)
            {
                _ = Serve(server!);
                Assert.Equal("STILL\n", await LineClient.RoundTripAsync(server!.ServerAddress, "still"));
            }

            Assert.False(File.Exists(target), "a file was created through the planted link");
            // An untrusted lock file is not the server's to remove.
            Assert.NotNull(new FileInfo(path + ".lock").LinkTarget);
        }
        finally
        {
            File.Delete(path + ".lock");
            elsewhere.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_lock_file_another_user_holds_must_not_keep_the_server_out()
    {
        // Making a file another user owns takes root, as CI is; elsewhere this test has nothing to plant.
        if (!Environment.IsPrivilegedProcess)
            return;
        var path = TempSocketPath.Next();
        var squatted = path + ".lock";
        await File.WriteAllTextAsync(squatted, string.Empty);
        using (var chown = Process.Start("chown", ["65534", squatted]))
            await chown.WaitForExitAsync().WaitAsync(Patience);
        // The squatter holds its lock, as a server of its own would.
        using var squatter = new FileStream(squatted, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        try
        {
            SocketServer? server = null;
            await EventFilter.Warning(contains: $"Not trusting the lock file {squatted}: it belongs to user 65534").ExpectOneAsync(() =>
            {
                server = new UnixStreamServer<UpperCaseHandler>(path, system: Sys);
                return Task.CompletedTask;
            });
            await using (server!)
            {
                _ = Serve(server!);
                Assert.Equal("IN\n", await LineClient.RoundTripAsync(server!.ServerAddress, "in"));
            }
            Assert.True(File.Exists(squatted), "another user's file was removed");
        }
        finally
        {
            squatter.Dispose();
            File.Delete(squatted);
        }
    }
}
