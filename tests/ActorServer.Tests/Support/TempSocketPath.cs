namespace ActorServer.Tests.Support;

/// <summary>Short, unique socket file paths under the temp folder, so Unix tests run in parallel (sun_path is small).</summary>
public static class TempSocketPath
{
    public static string Next() => Path.Combine(Path.GetTempPath(), $"as-{Guid.NewGuid():N}"[..15] + ".sock");
}
