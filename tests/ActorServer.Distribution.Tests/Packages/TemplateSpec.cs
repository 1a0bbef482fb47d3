using System.Diagnostics;
using System.Text.RegularExpressions;
using ActorServer.Distribution.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Distribution.Tests.Packages;

/// <summary>
/// The template package as a new user meets it: <c>dotnet new install</c> of the packed template (into a template hive
/// of its own, nothing installed for the user), <c>dotnet new actorserver</c>, and the generated tests run against the
/// packages from the local feed alone.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class TemplateSpec(PackedFeed packed, ITestOutputHelper log)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dotnet_new_actorserver_from_the_packed_template_must_give_a_project_whose_tests_pass()
    {
        var template = PackedPackage.Open(packed.PackagePath(PackedFeed.Templates));
        PublishedMetadata.AssertOf(PackedFeed.Templates, template);
        Assert.Equal("Template", template.Element("packageTypes")?.Elements().Single().Attribute("name")?.Value);

        using var work = new TempFolder("template");
        var quiet = PackedFeed.QuietBuild(Directory.CreateDirectory(work["tmp"]).FullName);
        // dotnet new's state (its template hive, the CLI's first-run files) in the temp folder, not the user's home.
        var hive = Directory.CreateDirectory(work["hive"]).FullName;
        var newCommand = new Dictionary<string, string?>(quiet)
        {
            ["DOTNET_CLI_HOME"] = Directory.CreateDirectory(work["home"]).FullName,
            ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
        };
        var clock = Stopwatch.StartNew();
        await ChildProcess.RunAsync(ChildProcess.Dotnet, ["new", "install", template.Path, "--debug:custom-hive", hive], work.Path, Patience, newCommand);
        var app = work["app"];
        await ChildProcess.RunAsync(ChildProcess.Dotnet,
            ["new", "actorserver", "-n", "Something", "-o", app, "--no-update-check", "--debug:custom-hive", hive], work.Path, Patience, newCommand);
        log.WriteLine($"installed and instantiated in {clock.Elapsed.TotalSeconds:F1} s");

        // The template names the packages at the version they were packed with, the app and its tests under the given name.
        var project = File.ReadAllText(Path.Combine(app, "src", "Something", "Something.csproj"));
        Assert.Contains($"""<PackageReference Include="ActorServer.Hosting" Version="{PackedFeed.Version}" />""", project, StringComparison.Ordinal);
        Assert.Contains("namespace Something;", File.ReadAllText(Path.Combine(app, "src", "Something", "LineHandler.cs")), StringComparison.Ordinal);
        var tests = Path.Combine(app, "tests", "Something.Tests");
        var facts = Directory.GetFiles(tests, "*.cs").Sum(f => Regex.Count(File.ReadAllText(f), @"\[Fact\]"));

        // From the feed alone, into the app's own NuGet cache (the machine's cache is a read-only fallback).
        File.WriteAllText(Path.Combine(app, "nuget.config"), packed.FeedOnlyConfig());
        var packages = Directory.CreateDirectory(work["packages"]).FullName;
        var output = await ChildProcess.RunAsync(ChildProcess.Dotnet, ["test", tests, "-nodeReuse:false", "-p:UseSharedCompilation=false"],
            app, PackedFeed.BuildPatience, new Dictionary<string, string?>(quiet) { ["NUGET_PACKAGES"] = packages });
        log.WriteLine($"the generated tests built and ran in {clock.Elapsed.TotalSeconds:F1} s");

        Assert.True(Directory.Exists(Path.Combine(packages, "actorserver.testkit", PackedFeed.Version)), "ActorServer.TestKit was not installed from the local feed");
        var summary = TestSummary().Match(output);
        Assert.True(summary.Success, $"No test summary in the output of dotnet test:\n{output}");
        Assert.Equal(0, int.Parse(summary.Groups["failed"].Value));
        Assert.Equal(facts, int.Parse(summary.Groups["passed"].Value));
        Assert.True(facts >= 3, $"The template's tests have {facts} facts");
    }

    // "Passed!  - Failed:     0, Passed:     3, Skipped:     0, Total:     3, Duration: 5 s - Something.Tests.dll (net10.0)"
    [GeneratedRegex(@"Failed:\s+(?<failed>\d+), Passed:\s+(?<passed>\d+),")]
    private static partial Regex TestSummary();
}
