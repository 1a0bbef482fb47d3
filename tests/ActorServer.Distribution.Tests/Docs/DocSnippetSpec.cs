using ActorServer.Distribution.Tests.Support;

namespace ActorServer.Distribution.Tests.Docs;

/// <summary>Every C# block of the README, of docs/ and of the packages' READMEs compiles, so none can rot.</summary>
public sealed class DocSnippetSpec
{
    /// <summary>Every C# block, by its file and line (<c>README.md:35</c>).</summary>
    public static TheoryData<string> CSharpBlocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in AllBlocks().Where(b => b.IsCSharp && b.CopiedFrom is null))
            data.Add(block.ToString());
        return data;
    }

    /// <summary>Every C# block marked <c>file=PATH</c>: a copy of a test file, which <c>dotnet test</c> compiles and runs.</summary>
    public static TheoryData<string> CopiedBlocks()
    {
        var data = new TheoryData<string>();
        foreach (var block in AllBlocks().Where(b => b.IsCSharp && b.CopiedFrom is not null))
            data.Add(block.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(CopiedBlocks))]
    public void A_csharp_block_copied_from_a_test_file_must_be_that_file_word_for_word(string where)
    {
        var block = Find(where);
        var path = Repository.PathOf(block.CopiedFrom!);
        Assert.True(File.Exists(path), $"The C# block at {where} names {block.CopiedFrom}, which does not exist");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd(), block.Text.TrimEnd());
    }

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void A_csharp_block_of_the_docs_must_compile_against_the_libraries(string where)
    {
        var block = Find(where);
        var errors = SnippetCompiler.Errors(SnippetCompiler.Compile(block));
        Assert.True(errors.Count == 0,
            $"The C# block at {where} ({(block.Marker == SnippetCompiler.Fragment ? "a fragment" : "a complete file")}) does not compile:\n"
            + string.Join('\n', errors));
    }

    [Fact]
    public void Every_csharp_block_must_be_a_complete_file_or_marked_as_a_fragment()
    {
        var unknown = AllBlocks().Where(b => b.IsCSharp && b.Marker is not ("" or SnippetCompiler.Fragment) && b.CopiedFrom is null).ToList();
        Assert.True(unknown.Count == 0,
            $"C# blocks with a marker other than `{SnippetCompiler.Fragment}` or `file=PATH`: {string.Join(", ", unknown.Select(b => $"{b} ({b.Marker})"))}");
    }

    [Fact]
    public void A_block_that_does_not_compile_must_fail_naming_its_file_and_line()
    {
        var broken = new CodeBlock("docs/example.md", 12, "csharp", "", "using ActorServer;\n\nawait server.ServeForeverAsync(ctrlC);\n");
        var errors = SnippetCompiler.Errors(SnippetCompiler.Compile(broken));
        Assert.Contains(errors, e => e.StartsWith("docs/example.md(15,7): error CS0103:", StringComparison.Ordinal));
    }

    internal static IEnumerable<CodeBlock> AllBlocks() =>
        Repository.MarkdownFiles().SelectMany(file => CodeBlock.Parse(file, File.ReadAllText(Repository.PathOf(file))));

    private static CodeBlock Find(string where) => AllBlocks().Single(b => b.ToString() == where);
}
