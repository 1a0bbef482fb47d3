using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using ActorServer.Benchmarks.Hosts;
using ActorServer.Benchmarks.Load;
using ActorServer.Benchmarks.Scenarios;

namespace ActorServer.Benchmarks.Servers;

/// <summary>
/// A server under test in its own child process, so that its memory, CPU time and garbage collector are its own and
/// not the load client's. The child prints <c>listening on ADDRESS</c>, answers <c>stats</c> and <c>settle</c> on its
/// standard input, and exits when its standard input closes: it cannot outlive this program.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Channel<string> _replies = Channel.CreateUnbounded<string>();
    private readonly TaskCompletionSource<IPEndPoint> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Queue<string> _errors = new();

    // A cluster's front prints its workers' pids first: the server under test is then the three processes together.
    private readonly List<int> _otherPids = [];

    private ServerProcess(Process process) => _process = process;

    public IPEndPoint Address { get; private set; } = null!;

    public int Pid => _process.Id;

    /// <summary>The last lines the server wrote to its standard error, for a failure report.</summary>
    public string ErrorTail
    {
        get
        {
            lock (_errors)
                return string.Join(" | ", _errors);
        }
    }

    public static Task<ServerProcess> StartAsync(ServerVariant variant, Workload workload, int port = 0)
    {
        var start = variant.Kind == Contender.Python
            ? PythonServer.StartInfo(workload, variant.Mode, port)
            : SelfStartInfo(variant, workload, port);
        return StartAsync(start);
    }

    /// <summary>Another instance of this program serving <paramref name="variant"/>, with extra environment (a cluster
    /// worker's seed node).</summary>
    public static Task<ServerProcess> StartAsync(ServerVariant variant, Workload workload, IReadOnlyDictionary<string, string> environment)
    {
        var start = SelfStartInfo(variant, workload, 0);
        foreach (var (key, value) in environment)
            start.Environment[key] = value;
        return StartAsync(start);
    }

    private static ProcessStartInfo SelfStartInfo(ServerVariant variant, Workload workload, int port)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!);
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            start.ArgumentList.Add(typeof(ServerProcess).Assembly.Location);
        foreach (var arg in new[] { "serve", "--workload", Work.Name(workload), "--server", ServerVariant.NameOf(variant.Kind), "--mode", variant.Mode, "--port", port.ToString(), "--controlled" })
            start.ArgumentList.Add(arg);
        return start;
    }

    private static async Task<ServerProcess> StartAsync(ProcessStartInfo start)
    {
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var server = new ServerProcess(process);
        process.ErrorDataReceived += (_, e) => server.OnError(e.Data);
        process.BeginErrorReadLine();
        _ = server.ReadOutputAsync();
        try
        {
            server.Address = Loopback.Require(await server._listening.Task.WaitAsync(StartTimeout));
            return server;
        }
        catch (Exception e)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"{start.FileName} did not start listening: {e.Message} {server.ErrorTail}", e);
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
            return;
        lock (_errors)
        {
            _errors.Enqueue(line);
            if (_errors.Count > 5)
                _errors.Dequeue();
        }
    }

    private async Task ReadOutputAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith(ServeCommand.AlsoPidPrefix, StringComparison.Ordinal))
                {
                    lock (_otherPids)
                        _otherPids.Add(int.Parse(line[ServeCommand.AlsoPidPrefix.Length..].Trim()));
                }
                else if (line.StartsWith(ServeCommand.ListeningPrefix, StringComparison.Ordinal))
                    _listening.TrySetResult(IPEndPoint.Parse(line[ServeCommand.ListeningPrefix.Length..].Trim()));
                else
                    await _replies.Writer.WriteAsync(line);
            }
        }
        finally
        {
            _listening.TrySetException(new InvalidOperationException($"the server exited ({ErrorTail})"));
            _replies.Writer.TryComplete();
        }
    }

    /// <summary>The server's memory and CPU time: summed over its processes when it has several (a cluster's nodes).</summary>
    public ProcSample? Sample()
    {
        int[] others;
        lock (_otherPids)
            others = [.. _otherPids];
        var sample = ProcSample.Read(Pid);
        foreach (var pid in others)
            sample = sample is { } a && ProcSample.Read(pid) is { } b ? a + b : null;
        return sample;
    }

    /// <summary>The server's own counters (.NET servers; all null for Python).</summary>
    public async Task<RuntimeCounters> CountersAsync()
    {
        var reply = await AskAsync(ServeCommand.StatsCommand);
        return RuntimeCounters.Parse(reply);
    }

    /// <summary>Lets the server settle (a full collection for .NET, <c>gc.collect()</c> for Python) and samples its memory.</summary>
    public async Task<MemorySample> SettleAsync()
    {
        var reply = await AskAsync(ServeCommand.SettleCommand);
        var sample = Sample() ?? throw new InvalidOperationException("the server process is gone");
        return new MemorySample(sample.Rss, ServeCommand.ParseValue(reply, "heap"));
    }

    private async Task<string> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _replies.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (Exception)
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}

/// <summary>A .NET server's running totals: bytes allocated, thread-pool work items run, methods compiled, GC pauses (µs),
/// time its threads spent compiling methods (µs); the machine's loopback bytes so far (every process's, the load
/// client's included: only a difference between servers of one run says what a server added); and the CPU time (µs) of
/// the process that answered, which for a server of several processes (a cluster) is its front's alone.</summary>
internal readonly record struct RuntimeCounters(long? Allocated, long? WorkItems, long? Jitted, long? GcPauseMicroseconds, long? JitMicroseconds = null,
    long? LoopbackBytes = null, long? OwnCpuMicroseconds = null)
{
    public static RuntimeCounters Parse(string reply) =>
        new(ServeCommand.ParseValue(reply, "alloc"), ServeCommand.ParseValue(reply, "workitems"), ServeCommand.ParseValue(reply, "jitted"),
            ServeCommand.ParseValue(reply, "gcpause"), ServeCommand.ParseValue(reply, "jittime"), ServeCommand.ParseValue(reply, "lobytes"),
            ServeCommand.ParseValue(reply, "owncpu"));

    public static RuntimeCounters operator -(RuntimeCounters a, RuntimeCounters b) =>
        new(a.Allocated - b.Allocated, a.WorkItems - b.WorkItems, a.Jitted - b.Jitted, a.GcPauseMicroseconds - b.GcPauseMicroseconds,
            a.JitMicroseconds - b.JitMicroseconds, a.LoopbackBytes - b.LoopbackBytes, a.OwnCpuMicroseconds - b.OwnCpuMicroseconds);

    /// <summary>Two processes' counters together (a cluster's nodes); the loopback bytes are the machine's, and the own
    /// CPU time the first's.</summary>
    public static RuntimeCounters operator +(RuntimeCounters a, RuntimeCounters b) =>
        new(a.Allocated + b.Allocated, a.WorkItems + b.WorkItems, a.Jitted + b.Jitted, a.GcPauseMicroseconds + b.GcPauseMicroseconds,
            a.JitMicroseconds + b.JitMicroseconds, a.LoopbackBytes, a.OwnCpuMicroseconds);
}

/// <summary>A settled server's resident memory and, for .NET servers, its managed heap.</summary>
internal readonly record struct MemorySample(long Rss, long? ManagedHeap);
