using ActorServer.Distribution.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Distribution.Tests.Packages;

/// <summary>
/// The packages as a new user meets them: <c>dotnet pack</c> of the four libraries into a local feed, a fresh app
/// that installs them from that feed alone (its own NuGet cache, in a temp folder), built and run as a real process.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class PackageSpec(PackedFeed packed, ITestOutputHelper log)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly string Version = PackedFeed.Version;

    [Fact]
    public async Task A_fresh_app_must_install_the_packages_from_a_local_feed_and_serve_a_forking_request_from_the_packaged_assembly()
    {
        using var work = new TempFolder("package");
        var packages = Directory.CreateDirectory(work["packages"]).FullName;
        // Every child's temp files (MSBuild's, the runtime's diagnostic sockets, the fork bridge's) go in here.
        var quiet = PackedFeed.QuietBuild(Directory.CreateDirectory(work["tmp"]).FullName);
        // The app's NuGet cache is its own: the packages it installs are the ones just packed, and none stays behind.
        var fresh = new Dictionary<string, string?>(quiet) { ["NUGET_PACKAGES"] = packages };

        log.WriteLine($"packed in {packed.PackedIn.TotalSeconds:F1} s (once for every test of the feed)");
        var libraries = PackedFeed.Libraries.ToDictionary(l => l, l => PackedPackage.Open(packed.PackagePath(l)));
        foreach (var (name, package) in libraries)
            AssertInstallable(name, package);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var app = Directory.CreateDirectory(work["app"]).FullName;
        File.WriteAllText(Path.Combine(app, "nuget.config"), packed.FeedOnlyConfig());
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), Repository.Resource("Consumer/Consumer.csproj"));
        File.WriteAllText(Path.Combine(app, "Program.cs"), Repository.Resource("Consumer/Program.cs"));
        await ChildProcess.RunAsync(ChildProcess.Dotnet,
            ["build", "-c", "Release", $"-p:ActorServerVersion={Version}", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            app, PackedFeed.BuildPatience, fresh);

        log.WriteLine($"the app built in {clock.Elapsed.TotalSeconds:F1} s");
        // Installed from the feed, into the app's own cache, and copied to the app's output as it was packed.
        Assert.True(Directory.Exists(Path.Combine(packages, "actorserver", Version)), "ActorServer was not installed from the local feed");
        var bin = Path.Combine(app, "bin", "Release", "net10.0");
        var library = Path.Combine(bin, "ActorServer.dll");
        Assert.Equal(libraries["ActorServer"].File("lib/net10.0/ActorServer.dll"), File.ReadAllBytes(library));

        await using var consumer = ChildProcess.Start(ChildProcess.Dotnet, [Path.Combine(bin, "Consumer.dll")], app, fresh);
        var address = await consumer.LineStartingWithAsync("listening on ", Patience);
        var serverProcess = int.Parse(await consumer.LineStartingWithAsync("server process: ", Patience));
        var testKit = await consumer.LineStartingWithAsync("testkit: ", Patience);
        Assert.EndsWith(" Cluster", await consumer.LineStartingWithAsync("cluster: ", Patience), StringComparison.Ordinal);
        Assert.Equal(libraries["ActorServer.Cluster"].File("lib/net10.0/ActorServer.Cluster.dll"), File.ReadAllBytes(Path.Combine(bin, "ActorServer.Cluster.dll")));
        Assert.StartsWith($"{serverProcess} {Version}", testKit, StringComparison.Ordinal);

        // Forking: the request is served by a child process, started from the packaged ActorServer.dll.
        var reply = (await TcpExchange.RunAsync(address, "where\n", Patience)).TrimEnd('\n').Split(' ', 3);
        Assert.NotEqual(serverProcess, int.Parse(reply[0]));
        Assert.StartsWith(Version + "+", reply[1], StringComparison.Ordinal);
        Assert.Equal(library, reply[2]);

        log.WriteLine($"a request served in {clock.Elapsed.TotalSeconds:F1} s");
        consumer.Signal(ChildProcess.SigTerm);
        var (_, output) = await consumer.WaitForExitAsync(Patience);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    private void AssertInstallable(string library, PackedPackage package)
    {
        PublishedMetadata.AssertOf(library, package);
        Assert.Contains($"lib/net10.0/{library}.dll", package.Files);
        Assert.Contains($"lib/net10.0/{library}.xml", package.Files);
        var symbols = PackedPackage.Open(packed.PackagePath(library, "snupkg"));
        Assert.Contains($"lib/net10.0/{library}.pdb", symbols.Files);
    }
}
