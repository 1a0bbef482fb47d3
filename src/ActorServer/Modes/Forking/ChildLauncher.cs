using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ActorServer.Modes.Forking;

/// <summary>
/// Starts a forked child: <c>dotnet exec</c> of ActorServer.dll with the application's own deps.json and
/// runtimeconfig.json, so the child resolves the user's handler class and its dependencies as the server does.
/// </summary>
internal static class ChildLauncher
{
    private static readonly Lazy<string> DotnetHost = new(FindDotnetHost);

    /// <exception cref="InvalidOperationException">The application's runtimeconfig.json cannot be found.</exception>
    public static ProcessStartInfo StartInfo(Type handlerType, string controlPath, int startId, int quota)
    {
        var (deps, runtimeConfig) = ApplicationFiles(handlerType);
        var start = new ProcessStartInfo(DotnetHost.Value) { UseShellExecute = false };
        start.ArgumentList.Add("exec");
        if (deps is not null)
        {
            start.ArgumentList.Add("--depsfile");
            start.ArgumentList.Add(deps);
        }
        start.ArgumentList.Add("--runtimeconfig");
        start.ArgumentList.Add(runtimeConfig);
        start.ArgumentList.Add(typeof(ChildLauncher).Assembly.Location);
        start.ArgumentList.Add(ChildEntryPoint.Flag);
        start.ArgumentList.Add(controlPath);
        start.ArgumentList.Add(startId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(handlerType.AssemblyQualifiedName!);
        start.ArgumentList.Add(quota.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // The child's parent is this process: should it be gone before the child watches it, the child knows.
        start.Environment[ParentWatch.ParentVariable] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return start;
    }

    /// <summary>The deps.json and runtimeconfig.json beside the handler's assembly, else beside the entry assembly.</summary>
    private static (string? Deps, string RuntimeConfig) ApplicationFiles(Type handlerType)
    {
        var candidates = new[] { handlerType.Assembly.Location, System.Reflection.Assembly.GetEntryAssembly()?.Location };
        foreach (var assembly in candidates)
        {
            if (string.IsNullOrEmpty(assembly))
                continue;
            var runtimeConfig = Path.ChangeExtension(assembly, ".runtimeconfig.json");
            if (!File.Exists(runtimeConfig))
                continue;
            var deps = Path.ChangeExtension(assembly, ".deps.json");
            return (File.Exists(deps) ? deps : null, runtimeConfig);
        }
        throw new InvalidOperationException(
            $"Forking mode starts each child with the application's runtimeconfig.json; none was found beside {handlerType.Assembly.Location} or the entry assembly.");
    }

    /// <summary>The dotnet host that runs this process: three folders above the shared runtime's.</summary>
    private static string FindDotnetHost()
    {
        var name = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromSdk && File.Exists(fromSdk))
            return fromSdk;
        var beside = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", name));
        if (File.Exists(beside))
            return beside;
        if (Environment.ProcessPath is { } self && Path.GetFileName(self) == name)
            return self;
        return name;
    }
}
