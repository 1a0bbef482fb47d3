using System.Reflection;
using ActorServer.Distribution.Tests.Support;

namespace ActorServer.Distribution.Tests.Docs;

/// <summary>The README's "Two commands" as written: the commands are the ones a user types, and the samples print
/// what the README shows (on a free port rather than 9999, so nothing on the machine is in the way).</summary>
public sealed class TwoCommandsSpec
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_readmes_two_commands_must_be_the_sample_and_the_tests_and_the_samples_must_print_what_the_readme_shows()
    {
        var markdown = File.ReadAllText(Repository.PathOf("README.md"));
        var section = markdown[markdown.IndexOf("\n## Two commands\n", StringComparison.Ordinal)..];
        Assert.True(markdown.IndexOf("\n## ", StringComparison.Ordinal) == markdown.IndexOf("\n## Two commands\n", StringComparison.Ordinal),
            "\"Two commands\" must be the README's first section");
        var blocks = CodeBlock.Parse("README.md", section[..section.IndexOf("\n## ", 1, StringComparison.Ordinal)]).ToList();
        Assert.Equal(["dotnet run --project samples/TcpEcho", "dotnet test"], Commands(blocks[0]));
        var clientCommand = Commands(blocks[1]).Single();
        var words = clientCommand.Split(" -- ", 2)[1].Split(' ');
        Assert.Equal("dotnet run --project samples/TcpClient", clientCommand.Split(" -- ", 2)[0]);
        var clientOutput = string.Concat(blocks[1].Text.Split('\n').Where(l => l.StartsWith("# ", StringComparison.Ordinal)).Select(l => l[2..] + "\n"));
        var serverOutput = blocks[2].Text;

        // The sample's own defaults are the README's localhost:9999.
        var help = await ChildProcess.RunAsync(ChildProcess.Dotnet, [Sample("TcpEcho"), "--help"], Repository.Root, Patience);
        Assert.Contains("[default: localhost]", help, StringComparison.Ordinal);
        Assert.Contains("[default: 9999]", help, StringComparison.Ordinal);

        await using var server = ChildProcess.Start(ChildProcess.Dotnet, [Sample("TcpEcho"), "--port", "0"], Repository.Root);
        var address = await server.LineStartingWithAsync("listening on ", Patience);
        var port = address[(address.LastIndexOf(':') + 1)..];
        var client = await ChildProcess.RunAsync(ChildProcess.Dotnet, [Sample("TcpClient"), "--port", port, .. words], Repository.Root, Patience);
        server.Signal(ChildProcess.SigTerm);
        var (exitCode, output) = await server.WaitForExitAsync(Patience);

        Assert.Equal(clientOutput, client);
        Assert.StartsWith(serverOutput.Replace(":9999", ":" + port, StringComparison.Ordinal), output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
    }

    /// <summary>The commands of a shell block: each line that is not a comment, without its trailing comment.</summary>
    private static List<string> Commands(CodeBlock block) =>
        block.Text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l.Split(" #", 2)[0].Trim()).ToList();

    private static string Sample(string name)
    {
        var metadata = typeof(TwoCommandsSpec).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var path = Repository.PathOf($"samples/{name}/bin/{metadata["SamplesConfiguration"]}/net10.0/{name}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The sample {name} is not built at {path}.", path);
    }
}
