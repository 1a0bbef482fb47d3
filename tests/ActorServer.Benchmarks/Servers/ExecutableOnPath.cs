namespace ActorServer.Benchmarks.Servers;

/// <summary>Finds a program the benchmark needs (python3, cc) the way a shell would: the first match on the PATH.</summary>
internal static class ExecutableOnPath
{
    /// <summary>The full path of <paramref name="name"/>, or null when it is not on the PATH.</summary>
    public static string? Find(string name) => Environment.GetEnvironmentVariable("PATH")?
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(dir => Path.Combine(dir, name))
        .FirstOrDefault(File.Exists);
}
