namespace ActorServer.Distribution.Tests.Support;

/// <summary>A folder of its own under the temp folder, removed with everything in it when disposed.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"actorserver-{purpose}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="relative"/> inside the folder.</summary>
    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/>, creating its folders; returns its path.</summary>
    public string Write(string relative, string text)
    {
        var path = this[relative];
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
