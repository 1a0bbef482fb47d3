using System.IO.Compression;
using System.Xml.Linq;

namespace ActorServer.Distribution.Tests.Packages;

/// <summary>A .nupkg as NuGet reads it: its manifest (nuspec) and its files.</summary>
public sealed class PackedPackage
{
    private readonly Dictionary<string, byte[]> _files;

    private PackedPackage(string path, Dictionary<string, byte[]> files, XElement metadata)
    {
        Path = path;
        _files = files;
        Metadata = metadata;
    }

    /// <summary>The .nupkg file.</summary>
    public string Path { get; }

    /// <summary>The nuspec's <c>metadata</c> element.</summary>
    public XElement Metadata { get; }

    /// <summary>The files in the package, by their path in it (<c>lib/net10.0/ActorServer.dll</c>).</summary>
    public IReadOnlyCollection<string> Files => _files.Keys;

    /// <summary>The text of the nuspec element <paramref name="name"/> (<c>version</c>, <c>authors</c>, …), or null.</summary>
    public string? this[string name] => Metadata.Element(Metadata.Name.Namespace + name)?.Value;

    /// <summary>The named element of the nuspec, or null.</summary>
    public XElement? Element(string name) => Metadata.Element(Metadata.Name.Namespace + name);

    /// <summary>The bytes of the file <paramref name="path"/> in the package.</summary>
    public byte[] File(string path) => _files[path];

    /// <summary>Reads the package at <paramref name="path"/>.</summary>
    public static PackedPackage Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var files = zip.Entries.Where(e => e.Name.Length > 0).ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        });
        var nuspec = files.Single(f => f.Key.EndsWith(".nuspec", StringComparison.Ordinal) && !f.Key.Contains('/'));
        var manifest = XDocument.Load(new MemoryStream(nuspec.Value)).Root!;
        return new PackedPackage(path, files, manifest.Element(manifest.Name.Namespace + "metadata")!);
    }
}
