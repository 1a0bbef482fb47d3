using System.Text;

namespace ActorServer.Distribution.Tests.Packages;

/// <summary>What every package of the repository must say about itself on nuget.org, the libraries and the templates alike.</summary>
public static class PublishedMetadata
{
    /// <summary>Asserts that <paramref name="package"/> is <paramref name="id"/> at the repository's version, with the
    /// license expression, its README, authors, a description, the tags and the git commit it was packed from.</summary>
    public static void AssertOf(string id, PackedPackage package)
    {
        Assert.Equal(id, package["id"]);
        Assert.Equal(PackedFeed.Version, package["version"]);
        Assert.Equal("Apache-2.0", package["license"]);
        Assert.Equal("expression", package.Element("license")!.Attribute("type")?.Value);
        Assert.Equal("README.md", package["readme"]);
        Assert.Contains("README.md", package.Files);
        Assert.StartsWith("# " + id, Encoding.UTF8.GetString(package.File("README.md")).TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.NotEqual(id, package["authors"]);
        Assert.False(string.IsNullOrWhiteSpace(package["description"]), $"{id} has no description");
        Assert.Contains("socketserver", package["tags"] ?? "", StringComparison.Ordinal);
        Assert.Equal("git", package.Element("repository")?.Attribute("type")?.Value);
        Assert.Matches("^[0-9a-f]{40}$", package.Element("repository")?.Attribute("commit")?.Value ?? "");
    }
}
