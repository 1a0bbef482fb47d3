using System.Diagnostics;
using System.Reflection;
using ActorServer.Distribution.Tests.Support;

namespace ActorServer.Distribution.Tests.Packages;

/// <summary>
/// The repository's packages (the four libraries and the template package), packed once by <c>dotnet pack</c> into a
/// local feed in a temp folder, shared by the tests that install from it; the folder goes when the last of them ends.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    /// <summary>The library packages, each packed from <c>src/NAME/NAME.csproj</c>.</summary>
    public static readonly string[] Libraries = ["ActorServer", "ActorServer.Hosting", "ActorServer.TestKit", "ActorServer.Cluster"];

    /// <summary>The template package, packed from <c>src/NAME/NAME.csproj</c> beside the libraries.</summary>
    public const string Templates = "ActorServer.Templates";

    /// <summary>How long a build or a test run of a fresh app may take on a busy machine.</summary>
    public static readonly TimeSpan BuildPatience = TimeSpan.FromMinutes(5);

    /// <summary>The version every assembly of the repository has, from Directory.Build.props: the packages must have it too.</summary>
    public static readonly string Version = typeof(PackedFeed).Assembly
        .GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];

    private readonly TempFolder _work = new("feed");

    /// <summary>The feed: a folder of .nupkg and .snupkg files.</summary>
    public string Feed => _work["feed"];

    /// <summary>The machine's NuGet cache, where the packages the libraries depend on (Akka, xunit…) already are.</summary>
    public string MachinePackages { get; private set; } = "";

    /// <summary>How long the packing took.</summary>
    public TimeSpan PackedIn { get; private set; }

    /// <summary>The variables every child build gets: its temp files in <paramref name="temp"/>, and no MSBuild node,
    /// compiler server or telemetry outliving it.</summary>
    public static Dictionary<string, string?> QuietBuild(string temp) => new()
    {
        ["TMPDIR"] = temp,
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0",
        ["UseSharedCompilation"] = "false",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    /// <summary>The path of the package <paramref name="id"/> in the feed.</summary>
    public string PackagePath(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    /// <summary>A nuget.config with the local feed as the only source; the packages the libraries depend on (Akka,
    /// Microsoft.Extensions.*, xunit) are read from the machine's cache, as a fallback folder that nothing is added to.</summary>
    public string FeedOnlyConfig() => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="local" value="{Feed}" />
          </packageSources>
          <fallbackPackageFolders>
            <clear />
            <add key="machine" value="{MachinePackages}" />
          </fallbackPackageFolders>
        </configuration>
        """;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        var quiet = QuietBuild(Directory.CreateDirectory(_work["tmp"]).FullName);
        var clock = Stopwatch.StartNew();
        // One MSBuild run packs them all (ActorServer is built once); Release, as it is published.
        var pack = _work.Write("pack.proj", PackAll());
        await ChildProcess.RunAsync(ChildProcess.Dotnet, ["msbuild", pack, "-t:Pack", "-nodeReuse:false", "-v:m"], Repository.Root, BuildPatience, quiet);
        PackedIn = clock.Elapsed;
        var output = await ChildProcess.RunAsync(ChildProcess.Dotnet, ["nuget", "locals", "global-packages", "--list"], Repository.Root, TimeSpan.FromSeconds(30), quiet);
        // "global-packages: /root/.nuget/packages/"
        MachinePackages = output.Trim().Split(':', 2)[1].Trim();
    }

    public Task DisposeAsync()
    {
        _work.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>A traversal project whose Pack target packs the libraries and the templates into the feed.</summary>
    private string PackAll() => $"""
        <Project>
          <Target Name="Pack">
            <MSBuild Projects="{string.Join(';', Libraries.Append(Templates).Select(p => Repository.PathOf($"src/{p}/{p}.csproj")))}" Targets="Pack"
                     Properties="Configuration=Release;PackageOutputPath={Feed}/;UseSharedCompilation=false" />
          </Target>
        </Project>
        """;
}

/// <summary>The tests that install from the <see cref="PackedFeed"/>: they share one packing, one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "packed feed";
}
