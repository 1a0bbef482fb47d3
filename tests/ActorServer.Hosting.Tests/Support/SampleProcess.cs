using System.Diagnostics;
using System.Reflection;
using System.Threading.Channels;

namespace ActorServer.Hosting.Tests.Support;

/// <summary>A sample run as a real child process (<c>dotnet Sample.dll</c>), its output read line by line.</summary>
public sealed class SampleProcess : IDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly List<string> _seen = [];

    private SampleProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Everything the process printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_seen)
                return string.Join("\n", _seen);
        }
    }

    /// <summary>Starts samples/NAME's dll, built by this test project's reference to it, in the same configuration.</summary>
    public static SampleProcess Start(string sample, params string[] args)
    {
        var configuration = typeof(SampleProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var dll = Path.Combine(RepositoryRoot, "samples", sample, "bin", configuration, "net10.0", sample + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryRoot };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_NOLOGO"] = "1";
        return new SampleProcess(Process.Start(start)!);
    }

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ActorServer.sln")))
                directory = directory.Parent;
            return directory?.FullName ?? throw new InvalidOperationException("ActorServer.sln not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>Waits for a line that contains <paramref name="text"/>, and returns it.</summary>
    public async Task<string> WaitForLineAsync(string text, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await foreach (var line in _lines.Reader.ReadAllAsync(deadline.Token))
            {
                if (line.Contains(text, StringComparison.Ordinal))
                    return line;
            }
        }
        catch (OperationCanceledException)
        {
        }
        Assert.Fail($"The process did not print \"{text}\" within {timeout}. Its output:\n{Output}");
        return null!;
    }

    /// <summary>Sends SIGTERM, as a service manager or `docker stop` does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>Waits for the process to exit within <paramref name="timeout"/> and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The process did not exit within {timeout}. Its output:\n{Output}");
        }
        return _process.ExitCode;
    }

    private void Collect(string? line)
    {
        if (line is null)
            return;
        lock (_seen)
            _seen.Add(line);
        _lines.Writer.TryWrite(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(30));
            // Killed, the runtime could not remove its diagnostic pipes from the temp folder.
            ActorServer.Modes.Forking.RuntimeLeftovers.Remove(_process.Id);
        }
        _process.Dispose();
    }
}
