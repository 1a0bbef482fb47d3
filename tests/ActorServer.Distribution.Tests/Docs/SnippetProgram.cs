using ActorServer.Distribution.Tests.Support;
using Microsoft.CodeAnalysis;

namespace ActorServer.Distribution.Tests.Docs;

/// <summary>
/// A doc's program block compiled to a real program in a temp folder and run there as its own process (with the
/// libraries this test runs with beside it), so that it can be stopped by a signal as a user stops it.
/// </summary>
public sealed class SnippetProgram : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly ChildProcess _process;

    private SnippetProgram(TempFolder folder, ChildProcess process)
    {
        _folder = folder;
        _process = process;
    }

    /// <summary>The running program.</summary>
    public ChildProcess Process => _process;

    /// <summary>The folder it runs in (its working directory).</summary>
    public TempFolder Folder => _folder;

    /// <summary>Compiles <paramref name="text"/> (the block's text, maybe adapted by the test) as the program
    /// <paramref name="assemblyName"/>, writes <paramref name="files"/> beside it, and starts it.</summary>
    public static SnippetProgram Start(CodeBlock block, string text, string assemblyName, IReadOnlyDictionary<string, string>? files = null)
    {
        var folder = new TempFolder("snippet");
        try
        {
            var compilation = SnippetCompiler.Compile(block, assemblyName, text);
            var dll = folder[assemblyName + ".dll"];
            var emitted = compilation.Emit(dll);
            if (!emitted.Success)
                throw new InvalidOperationException($"The block at {block} does not compile:\n"
                    + string.Join('\n', emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            var runtime = Environment.Version;
            folder.Write(assemblyName + ".runtimeconfig.json", $$"""
                { "runtimeOptions": { "tfm": "net{{runtime.Major}}.{{runtime.Minor}}", "framework": { "name": "Microsoft.NETCore.App", "version": "{{runtime.Major}}.{{runtime.Minor}}.0" } } }
                """);
            // Without a deps.json the host loads every assembly of the program's folder: link the libraries in.
            foreach (var library in Directory.GetFiles(AppContext.BaseDirectory, "*.dll"))
                File.CreateSymbolicLink(folder[Path.GetFileName(library)], library);
            foreach (var (name, content) in files ?? new Dictionary<string, string>())
                folder.Write(name, content);
            // Its runtime's diagnostic sockets go to a temp folder of its own, removed with the rest.
            var temp = Directory.CreateDirectory(folder["tmp"]).FullName;
            return new SnippetProgram(folder, ChildProcess.Start(ChildProcess.Dotnet, [dll], folder.Path, new Dictionary<string, string?> { ["TMPDIR"] = temp }));
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _folder.Dispose();
    }
}
