using ActorServer.Distribution.Tests.Support;

namespace ActorServer.Distribution.Tests.Docs;

/// <summary>The docs' whole programs run as a user runs them: a real process, a real client, stopped by a signal.</summary>
public sealed class DocProgramSpec
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_quick_start_must_serve_a_client_and_stop_gracefully_on_ctrl_c()
    {
        var block = FirstCSharpBlockUnder("README.md", "## Quick start");
        // Port 0 rather than 9999, so that nothing else on the machine is in the way.
        var text = ReplaceOnce(block, "new IPEndPoint(IPAddress.Loopback, 9999)", "new IPEndPoint(IPAddress.Loopback, 0)");

        await using var program = SnippetProgram.Start(block, text, "QuickStart");
        var address = await program.Process.LineStartingWithAsync("listening on ", Patience);

        Assert.Equal("HELLO WORLD\n", await TcpExchange.RunAsync(address, "hello world\n", Patience));
        program.Process.Signal(ChildProcess.SigInt);
        var (exitCode, output) = await program.Process.WaitForExitAsync(Patience);
        Assert.True(exitCode == 0, $"The Quick start exited with {exitCode} on Ctrl-C:\n{output}");
    }

    [Fact]
    public async Task The_hocon_program_must_serve_the_server_its_configuration_defines_until_the_process_is_stopped()
    {
        var hocon = CodeBlock.Parse("docs/configuration.md", File.ReadAllText(Repository.PathOf("docs/configuration.md")))
            .First(b => b.Language == "hocon" && b.Text.Contains("actor-server.servers.echo", StringComparison.Ordinal));
        var program = FirstCSharpBlockUnder("docs/configuration.md", "## Servers from HOCON");
        var conf = ReplaceOnce(hocon, "endpoint = \"127.0.0.1:9999\"", "endpoint = \"127.0.0.1:0\"");

        await using var running = SnippetProgram.Start(program, program.Text, "MyApp", new Dictionary<string, string> { ["echo.conf"] = conf });
        var address = await running.Process.LineStartingWithAsync("listening on ", Patience);

        Assert.Equal("HELLO\n", await TcpExchange.RunAsync(address, "hello\n", Patience));
        // Still serving after the first request: the program waits for its actor system.
        Assert.Equal("AGAIN\n", await TcpExchange.RunAsync(address, "again\n", Patience));
        running.Process.Signal(ChildProcess.SigTerm);
        var (_, output) = await running.Process.WaitForExitAsync(Patience);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    private static CodeBlock FirstCSharpBlockUnder(string file, string heading)
    {
        var markdown = File.ReadAllText(Repository.PathOf(file));
        var headingLine = markdown[..markdown.IndexOf("\n" + heading + "\n", StringComparison.Ordinal)].Count(c => c == '\n') + 2;
        return CodeBlock.Parse(file, markdown).First(b => b.IsCSharp && b.Line > headingLine);
    }

    private static string ReplaceOnce(CodeBlock block, string what, string with)
    {
        var at = block.Text.IndexOf(what, StringComparison.Ordinal);
        Assert.True(at >= 0 && block.Text.IndexOf(what, at + 1, StringComparison.Ordinal) < 0,
            $"The block at {block} should contain `{what}` once, for this test to run it on another address.");
        return block.Text.Replace(what, with, StringComparison.Ordinal);
    }
}
