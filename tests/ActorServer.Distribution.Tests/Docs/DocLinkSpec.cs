using ActorServer.Distribution.Tests.Support;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace ActorServer.Distribution.Tests.Docs;

/// <summary>The docs' links between themselves and into the repository lead somewhere: moving a chapter or renaming
/// a heading cannot leave a dead link behind.</summary>
public sealed class DocLinkSpec
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAutoIdentifiers(AutoIdentifierOptions.GitHub).UsePreciseSourceLocation().Build();

    [Fact]
    public void Every_relative_link_of_the_docs_must_reach_a_file_and_heading_that_exist()
    {
        var dead = new List<string>();
        foreach (var file in Repository.MarkdownFiles().Where(f => !f.StartsWith("src/", StringComparison.Ordinal)))
        {
            var markdown = File.ReadAllText(Repository.PathOf(file));
            var document = Markdown.Parse(markdown, Pipeline);
            foreach (var link in document.Descendants<LinkInline>().Where(l => l.Url is { } url && !url.Contains("://", StringComparison.Ordinal) && !url.StartsWith("mailto:", StringComparison.Ordinal)))
            {
                var (path, anchor) = Split(link.Url!);
                var target = path.Length == 0 ? file : Path.GetRelativePath(Repository.Root, Path.GetFullPath(Path.Combine(Repository.PathOf(Path.GetDirectoryName(file)!), path))).Replace('\\', '/');
                var full = Repository.PathOf(target);
                var line = markdown.AsSpan(0, link.Span.Start).Count('\n') + 1;
                if (!File.Exists(full) && !Directory.Exists(full))
                    dead.Add($"{file}:{line}: {link.Url} (no {target})");
                else if (anchor is not null && !Headings(full).Contains(anchor))
                    dead.Add($"{file}:{line}: {link.Url} (no heading #{anchor} in {target})");
            }
        }
        Assert.True(dead.Count == 0, "Dead links:\n" + string.Join('\n', dead));
    }

    private static (string Path, string? Anchor) Split(string url)
    {
        var hash = url.IndexOf('#');
        return hash < 0 ? (url, null) : (url[..hash], url[(hash + 1)..]);
    }

    private static HashSet<string> Headings(string markdownFile) =>
        Markdown.Parse(File.ReadAllText(markdownFile), Pipeline).Descendants<HeadingBlock>()
            .Select(h => h.GetAttributes().Id).OfType<string>().ToHashSet(StringComparer.Ordinal);
}
