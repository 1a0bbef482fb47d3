using System.Reflection;

namespace ActorServer.Distribution.Tests.Support;

/// <summary>The repository this test assembly was built from: its docs, its libraries' projects.</summary>
public static class Repository
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>The path of <paramref name="relative"/> (with <c>/</c> separators) under the root.</summary>
    public static string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>The Markdown a user reads: the README, every chapter of docs/, and the packages' READMEs.</summary>
    public static IReadOnlyList<string> MarkdownFiles() =>
        [
            "README.md",
            .. Directory.GetFiles(PathOf("docs"), "*.md").Order(StringComparer.Ordinal).Select(f => "docs/" + Path.GetFileName(f)),
            .. Directory.GetFiles(PathOf("src"), "PACKAGE.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/')),
        ];

    /// <summary>The text of the embedded resource <paramref name="name"/> of this assembly.</summary>
    public static string Resource(string name)
    {
        using var stream = typeof(Repository).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"No embedded resource named {name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
