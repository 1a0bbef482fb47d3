using Markdig;
using Markdig.Syntax;

namespace ActorServer.Distribution.Tests.Docs;

/// <summary>A fenced code block of a Markdown file: where it is, its language and marker, its text.</summary>
/// <param name="File">The Markdown file, relative to the repository root.</param>
/// <param name="Line">The 1-based line of the opening fence.</param>
/// <param name="Language">The info string's first word (<c>csharp</c>, <c>sh</c>, …), or empty.</param>
/// <param name="Marker">The rest of the info string (<c>fragment</c>), or empty.</param>
/// <param name="Text">The code, with the block's indentation removed.</param>
public sealed record CodeBlock(string File, int Line, string Language, string Marker, string Text)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().Build();

    /// <summary>Whether the block is C#, by any of the names Markdown renderers know it by.</summary>
    public bool IsCSharp => Language is "csharp" or "cs" or "c#";

    /// <summary>For a block marked <c>file=PATH</c>: the test file (relative to the repository root) it is a copy of.</summary>
    public string? CopiedFrom => Marker.StartsWith("file=", StringComparison.Ordinal) ? Marker["file=".Length..] : null;

    /// <summary>The 1-based line of the code's first line.</summary>
    public int FirstCodeLine => Line + 1;

    /// <summary><c>README.md:35</c>: what a failure names.</summary>
    public override string ToString() => $"{File}:{Line}";

    /// <summary>Every fenced code block of <paramref name="markdown"/>, in order.</summary>
    public static IEnumerable<CodeBlock> Parse(string file, string markdown) =>
        Markdown.Parse(markdown, Pipeline).Descendants<FencedCodeBlock>().Select(block => new CodeBlock(
            file,
            block.Line + 1,
            (block.Info ?? "").Trim(),
            (block.Arguments ?? "").Trim(),
            string.Join('\n', block.Lines.Lines.Take(block.Lines.Count).Select(line => line.Slice.ToString())) + "\n"));
}
