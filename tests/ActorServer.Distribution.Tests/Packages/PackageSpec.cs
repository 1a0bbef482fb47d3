using System.Reflection;
using System.Diagnostics;
using System.Text;
using ActorServer.Distribution.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Distribution.Tests.Packages;

/// <summary>
/// The packages as a new user meets them: <c>dotnet pack</c> of the three libraries into a local feed, a fresh app
/// that installs them from that feed alone (its own NuGet cache, in a temp folder), built and run as a real process.
/// </summary>
public sealed class PackageSpec(ITestOutputHelper log)
{
    private static readonly TimeSpan BuildPatience = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly string[] Libraries = ["ActorServer", "ActorServer.Hosting", "ActorServer.TestKit"];

    // The version every assembly of the repository has, from Directory.Build.props: the packages must have it too.
    private static readonly string Version = typeof(PackageSpec).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    [Fact]
    public async Task A_fresh_app_must_install_the_packages_from_a_local_feed_and_serve_a_forking_request_from_the_packaged_assembly()
    {
        using var work = new TempFolder("package");
        var feed = Directory.CreateDirectory(work["feed"]).FullName;
        var packages = Directory.CreateDirectory(work["packages"]).FullName;
        // Every child's temp files (MSBuild's, the runtime's diagnostic sockets, the fork bridge's) go in here.
        var temp = Directory.CreateDirectory(work["tmp"]).FullName;
        var quiet = new Dictionary<string, string?>
        {
            ["TMPDIR"] = temp,
            ["MSBUILDDISABLENODEREUSE"] = "1",        // no MSBuild node outlives its build
            ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        // The app's NuGet cache is its own: the packages it installs are the ones just packed, and none stays behind.
        var fresh = new Dictionary<string, string?>(quiet) { ["NUGET_PACKAGES"] = packages };

        var clock = Stopwatch.StartNew();
        // One MSBuild run packs the three (ActorServer is built once); Release, as it is published.
        var pack = Path.Combine(work.Path, "pack.proj");
        File.WriteAllText(pack, PackAll(feed));
        await ChildProcess.RunAsync(ChildProcess.Dotnet, ["msbuild", pack, "-t:Pack", "-nodeReuse:false", "-v:m"], Repository.Root, BuildPatience, quiet);
        log.WriteLine($"packed in {clock.Elapsed.TotalSeconds:F1} s");
        var packed = Libraries.ToDictionary(l => l, l => PackedPackage.Open(Path.Combine(feed, $"{l}.{Version}.nupkg")));
        foreach (var (name, package) in packed)
            AssertInstallable(name, package, feed);

        var app = Directory.CreateDirectory(work["app"]).FullName;
        File.WriteAllText(Path.Combine(app, "nuget.config"), FeedOnlyConfig(feed, await MachinePackagesFolderAsync(quiet)));
        File.WriteAllText(Path.Combine(app, "Consumer.csproj"), Repository.Resource("Consumer/Consumer.csproj"));
        File.WriteAllText(Path.Combine(app, "Program.cs"), Repository.Resource("Consumer/Program.cs"));
        await ChildProcess.RunAsync(ChildProcess.Dotnet,
            ["build", "-c", "Release", $"-p:ActorServerVersion={Version}", "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            app, BuildPatience, fresh);

        log.WriteLine($"the app built in {clock.Elapsed.TotalSeconds:F1} s");
        // Installed from the feed, into the app's own cache, and copied to the app's output as it was packed.
        Assert.True(Directory.Exists(Path.Combine(packages, "actorserver", Version)), "ActorServer was not installed from the local feed");
        var bin = Path.Combine(app, "bin", "Release", "net10.0");
        var library = Path.Combine(bin, "ActorServer.dll");
        Assert.Equal(packed["ActorServer"].File("lib/net10.0/ActorServer.dll"), File.ReadAllBytes(library));

        await using var consumer = ChildProcess.Start(ChildProcess.Dotnet, [Path.Combine(bin, "Consumer.dll")], app, fresh);
        var address = await consumer.LineStartingWithAsync("listening on ", Patience);
        var serverProcess = int.Parse(await consumer.LineStartingWithAsync("server process: ", Patience));
        var testKit = await consumer.LineStartingWithAsync("testkit: ", Patience);
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

    private static void AssertInstallable(string library, PackedPackage package, string feed)
    {
        Assert.Equal(library, package["id"]);
        Assert.Equal(Version, package["version"]);
        Assert.Equal("Apache-2.0", package["license"]);
        Assert.Equal("expression", package.Element("license")!.Attribute("type")?.Value);
        Assert.Equal("README.md", package["readme"]);
        Assert.Contains("README.md", package.Files);
        Assert.StartsWith("# " + library, Encoding.UTF8.GetString(package.File("README.md")).TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.NotEqual(library, package["authors"]);
        Assert.False(string.IsNullOrWhiteSpace(package["description"]), $"{library} has no description");
        Assert.Contains("socketserver", package["tags"] ?? "", StringComparison.Ordinal);
        Assert.Equal("git", package.Element("repository")?.Attribute("type")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", package.Element("repository")?.Attribute("commit")?.Value ?? "");
        Assert.Contains($"lib/net10.0/{library}.dll", package.Files);
        Assert.Contains($"lib/net10.0/{library}.xml", package.Files);
        var symbols = PackedPackage.Open(Path.Combine(feed, $"{library}.{Version}.snupkg"));
        Assert.Contains($"lib/net10.0/{library}.pdb", symbols.Files);
    }

    /// <summary>A traversal project whose Pack target packs the libraries into <paramref name="feed"/>.</summary>
    private static string PackAll(string feed) => $"""
        <Project>
          <Target Name="Pack">
            <MSBuild Projects="{string.Join(';', Libraries.Select(l => Repository.PathOf($"src/{l}/{l}.csproj")))}" Targets="Pack"
                     Properties="Configuration=Release;PackageOutputPath={feed}/;UseSharedCompilation=false" />
          </Target>
        </Project>
        """;

    /// <summary>A nuget.config with the local feed as the only source; the packages the libraries depend on (Akka,
    /// Microsoft.Extensions.*, xunit) are read from the machine's cache, as a fallback folder that nothing is added to.</summary>
    private static string FeedOnlyConfig(string feed, string machinePackages) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{feed}" />
          </packageSources>
          <fallbackPackageFolders>
            <clear />
            <add key="machine" value="{machinePackages}" />
          </fallbackPackageFolders>
        </configuration>
        """;

    private static async Task<string> MachinePackagesFolderAsync(IReadOnlyDictionary<string, string?> environment)
    {
        var output = await ChildProcess.RunAsync(ChildProcess.Dotnet, ["nuget", "locals", "global-packages", "--list"], Repository.Root, Patience, environment);
        // "global-packages: /root/.nuget/packages/"
        return output.Trim().Split(':', 2)[1].Trim();
    }
}
