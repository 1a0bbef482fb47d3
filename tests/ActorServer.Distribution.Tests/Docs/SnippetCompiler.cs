using System.Collections.Immutable;
using ActorServer.Distribution.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ActorServer.Distribution.Tests.Docs;

/// <summary>
/// Compiles a doc's C# block with Roslyn as a new console app's file would be compiled: C# latest, nullable on, the
/// SDK's implicit usings, against the .NET runtime and the ActorServer libraries (with what they depend on). A block
/// marked <c>fragment</c> is compiled with <c>FragmentContext.cs</c>, the names it takes as given.
/// </summary>
public static class SnippetCompiler
{
    /// <summary>The marker of a block that is a piece of a program rather than a whole file.</summary>
    public const string Fragment = "fragment";

    // What `dotnet new console` puts in scope (Microsoft.NET.Sdk's ImplicitUsings).
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    // Every assembly this test host runs with: the framework, and the libraries with their whole dependency graph
    // (Akka, Akka.Hosting, Microsoft.Extensions.*, xunit), as a consumer of the packages gets them.
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => path.EndsWith(".dll", StringComparison.Ordinal))
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray());

    private static readonly Lazy<SyntaxTree> Context = new(() =>
        CSharpSyntaxTree.ParseText(Repository.Resource("FragmentContext.cs"), ParseOptions, "FragmentContext.cs"));

    /// <summary>Compiles <paramref name="block"/>; the errors come back with the Markdown file and line they are at.</summary>
    public static Compilation Compile(CodeBlock block, string assemblyName = "Snippet", string? replaceText = null)
    {
        // #line maps every diagnostic to the Markdown file, at the block's own lines.
        var text = $"#line {block.FirstCodeLine} \"{block.File}\"\n{replaceText ?? block.Text}";
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, block.File);
        List<SyntaxTree> trees = [tree, CSharpSyntaxTree.ParseText(ImplicitUsings, ParseOptions, "ImplicitUsings.cs")];
        if (block.Marker == Fragment)
            trees.Add(Context.Value);
        var program = tree.GetCompilationUnitRoot().Members.Any(m => m is GlobalStatementSyntax);
        var options = new CSharpCompilationOptions(program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithOptimizationLevel(OptimizationLevel.Debug);
        return CSharpCompilation.Create(assemblyName, trees, References.Value, options);
    }

    /// <summary>The errors of <paramref name="compilation"/>, one a line, each as <c>README.md(40,9): error CS0103: …</c>.</summary>
    public static IReadOnlyList<string> Errors(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d =>
            {
                var span = d.Location.GetMappedLineSpan();
                return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): error {d.Id}: {d.GetMessage()}";
            })
            .ToList();
}
