using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorServer.Tests.Support;

/// <summary>
/// A sample program run as a real child process (<c>dotnet samples/NAME/bin/…/NAME.dll</c>), its output collected.
/// Every wait is bounded; a process still running at dispose is killed.
/// </summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const int SigTerm = 15;
    private const int SigKill = 9;
    private const string Listening = "listening on ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SampleProcess(string name, string[] args, int? fileLimit = null)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(fileLimit is null ? dotnet : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (fileLimit is { } limit)
        {
            // Both the soft and the hard limit: .NET raises its soft limit to the hard one at start-up. exec keeps the pid.
            foreach (var arg in new[] { "-c", "ulimit -n \"$0\" && exec \"$@\"", limit.ToString(), dotnet })
                start.ArgumentList.Add(arg);
        }
        start.ArgumentList.Add(PathOf(name));
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"{name} exited before it listened:\n{Output}"));
        _process.EnableRaisingEvents = true;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process wrote so far, stdout and stderr, one line per line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static SampleProcess Start(string name, params string[] args) => new(name, args);

    /// <summary>Starts a sample with at most <paramref name="fileLimit"/> open file descriptors (<c>ulimit -n</c>).</summary>
    public static SampleProcess StartWithFileLimit(int fileLimit, string name, params string[] args) => new(name, args, fileLimit);

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    /// <summary>SIGKILL to the sample alone (not its children, which <see cref="DisposeAsync"/> would take too): a crash.</summary>
    public async Task KillAloneAsync()
    {
        if (Kill(_process.Id, SigKill) != 0)
            throw new InvalidOperationException($"kill failed with errno {Marshal.GetLastPInvokeError()}");
        await _process.WaitForExitAsync().WaitAsync(Patience);
        // Killed, the runtime could not remove its diagnostic pipes from the temp folder.
        ActorServer.Modes.Forking.RuntimeLeftovers.Remove(_process.Id);
    }

    /// <summary>Runs a sample to its end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string name, params string[] args)
    {
        await using var sample = Start(name, args);
        await sample._process.WaitForExitAsync().WaitAsync(Patience);
        sample._process.WaitForExit();   // drains the redirected output
        return (sample._process.ExitCode, sample.Output);
    }

    /// <summary>The address from the sample's <c>listening on ADDRESS</c> line.</summary>
    public Task<string> ListeningOnAsync() => _listening.Task.WaitAsync(Patience);

    /// <summary>Stops the sample as Ctrl-C would (SIGTERM) and returns its exit code and whole output.</summary>
    public async Task<(int ExitCode, string Output)> StopAsync()
    {
        if (Kill(_process.Id, SigTerm) != 0)
            throw new InvalidOperationException($"kill failed with errno {Marshal.GetLastPInvokeError()}");
        await _process.WaitForExitAsync().WaitAsync(Patience);
        _process.WaitForExit();
        return (_process.ExitCode, Output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(Patience);
            ActorServer.Modes.Forking.RuntimeLeftovers.Remove(_process.Id);
        }
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Append(line).Append('\n');
        if (line.StartsWith(Listening, StringComparison.Ordinal))
            _listening.TrySetResult(line[Listening.Length..]);
    }

    private static string PathOf(string name)
    {
        var metadata = typeof(SampleProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToDictionary(a => a.Key, a => a.Value);
        var path = Path.Combine(metadata["SamplesDirectory"]!, name, "bin", metadata["SamplesConfiguration"]!, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"The sample {name} is not built at {path}.", path);
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
