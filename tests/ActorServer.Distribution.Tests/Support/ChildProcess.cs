using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorServer.Distribution.Tests.Support;

/// <summary>
/// A real child process with its output (stdout and stderr) collected line by line. Every wait is bounded; a process
/// still running at dispose is killed with its children.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    /// <summary>SIGINT, what Ctrl-C sends.</summary>
    public const int SigInt = 2;

    /// <summary>SIGTERM, what a service manager sends.</summary>
    public const int SigTerm = 15;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly List<(string Prefix, TaskCompletionSource<string> Found)> _awaited = [];

    private ChildProcess(string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string?>? environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        // The test host runs inside `dotnet test`, an MSBuild process: its variables would steer a child's own build.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
            start.Environment[name] = value;
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.Exited += (_, _) => FailWaiters();
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The <c>dotnet</c> host this test runs on.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything the process wrote so far, one line per line.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts <paramref name="fileName"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null) => new(fileName, args, workingDirectory, environment);

    /// <summary>Runs a process to its end within <paramref name="patience"/>; fails naming the command and its output
    /// if it runs longer or exits with another code than 0.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> args, string workingDirectory, TimeSpan patience,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var argList = args.ToList();
        await using var child = Start(fileName, argList, workingDirectory, environment);
        var (exitCode, output) = await child.WaitForExitAsync(patience);
        return exitCode == 0 ? output
            : throw new InvalidOperationException($"`{fileName} {string.Join(' ', argList)}` exited with {exitCode}:\n{output}");
    }

    /// <summary>The rest of the first output line that starts with <paramref name="prefix"/>, once it is written.</summary>
    public Task<string> LineStartingWithAsync(string prefix, TimeSpan patience)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_output)
        {
            var earlier = _output.ToString().Split('\n').FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (earlier is not null)
                return Task.FromResult(earlier[prefix.Length..]);
            _awaited.Add((prefix, found));
        }
        if (_process.HasExited)
            FailWaiters();
        return found.Task.WaitAsync(patience);
    }

    /// <summary>Sends <paramref name="signal"/> to the process.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Waits up to <paramref name="patience"/> for the process to exit; returns its exit code and whole output.</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync(TimeSpan patience)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"`{_process.StartInfo.FileName} {string.Join(' ', _process.StartInfo.ArgumentList)}` still ran after {patience.TotalSeconds} s:\n{Output}");
        }
        _process.WaitForExit();   // drains the redirected output
        return (_process.ExitCode, Output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            // Killed, the runtime could not remove its diagnostic pipes (this project sees only the packages' public API).
            foreach (var pipe in Directory.EnumerateFiles(Path.GetTempPath(), $"clr-debug-pipe-{_process.Id}-*")
                         .Concat(Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{_process.Id}-*")))
                File.Delete(pipe);
        }
        _process.Dispose();
    }

    private void Collect(string? line)
    {
        if (line is null)
            return;
        List<(string Prefix, TaskCompletionSource<string> Found)> matched;
        lock (_output)
        {
            _output.Append(line).Append('\n');
            matched = _awaited.Where(a => line.StartsWith(a.Prefix, StringComparison.Ordinal)).ToList();
            _awaited.RemoveAll(matched.Contains);
        }
        foreach (var (prefix, found) in matched)
            found.TrySetResult(line[prefix.Length..]);
    }

    private void FailWaiters()
    {
        _process.WaitForExit();   // the output read to its end first: a line written just before exiting still counts
        List<(string Prefix, TaskCompletionSource<string> Found)> waiting;
        lock (_output)
        {
            waiting = [.. _awaited];
            _awaited.Clear();
        }
        foreach (var (prefix, found) in waiting)
            found.TrySetException(new InvalidOperationException($"The process exited before it wrote a line starting with '{prefix}':\n{Output}"));
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
