using System.Diagnostics;
using ActorServer.Benchmarks.Hosts;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Load.Native;

/// <summary>
/// The outside load client: <c>loadgen.c</c> (one thread, epoll, non-blocking sockets) compiled with the machine's C
/// compiler into the build output, run as a process of its own. It has no runtime or thread pool to compete with the
/// server's, and it reports its own CPU time, so the figures show what serving costs and what driving cost beside it.
/// </summary>
internal sealed class NativeClient
{
    private static readonly TimeSpan CompileTimeout = TimeSpan.FromSeconds(120);
    private readonly string _binary;

    private NativeClient(string binary) => _binary = binary;

    /// <summary>Compiles the client, unless a binary newer than every source is already there.</summary>
    /// <exception cref="InvalidOperationException">There is no <c>cc</c> on the PATH, or it failed.</exception>
    public static async Task<NativeClient> CompileAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Native");
        var sources = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.c") : [];
        if (sources.Length == 0)
            throw new InvalidOperationException($"the native client's sources are missing from {folder}: rebuild the benchmark");
        var binary = Path.Combine(folder, "loadgen");
        var newest = sources.Concat(Directory.GetFiles(folder, "*.h")).Max(File.GetLastWriteTimeUtc);
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) > newest)
            return new NativeClient(binary);
        var cc = ExecutableOnPath.Find("cc") ?? throw new InvalidOperationException(
            "the outside load client needs a C compiler, and 'cc' is not on the PATH: install one (for example gcc), " +
            "or run with --client dotnet for the in-process .NET client (which shares the cores with the server)");
        var start = new ProcessStartInfo(cc) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { "-O2", "-o", binary }.Concat(sources))
            start.ArgumentList.Add(arg);
        using var compiler = Process.Start(start) ?? throw new InvalidOperationException($"could not start {cc}");
        var errors = compiler.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CompileTimeout);
        await compiler.WaitForExitAsync(timeout.Token);
        if (compiler.ExitCode != 0)
            throw new InvalidOperationException($"{cc} -O2 could not compile the native client (exit {compiler.ExitCode}): {await errors}");
        return new NativeClient(binary);
    }

    /// <summary>
    /// Runs the client until it prints its result. Every other line it prints (<c>measuring</c>, <c>measured</c>,
    /// <c>warmed</c>, <c>held N</c>) goes to <paramref name="onLine"/> at once; a reply it returns is written to the
    /// client's stdin (idle waits for one at each step).
    /// </summary>
    public async Task<LoadResult> RunAsync(IReadOnlyList<string> arguments, Func<string, Task<string?>> onLine, TimeSpan limit)
    {
        var start = new ProcessStartInfo(_binary)
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in arguments)
            start.ArgumentList.Add(arg);
        using var client = Process.Start(start) ?? throw new InvalidOperationException($"could not start {_binary}");
        var errors = client.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            LoadResult? result = null;
            while (await client.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
                    result = Parse(line, udp: arguments[0] == "udp");
                else if (await onLine(line) is { } reply)
                {
                    await client.StandardInput.WriteLineAsync(reply);
                    await client.StandardInput.FlushAsync(timeout.Token);
                }
            }
            await client.WaitForExitAsync(timeout.Token);
            return result ?? throw new InvalidOperationException($"the native client exited {client.ExitCode} without a result: {await errors}");
        }
        finally
        {
            if (!client.HasExited)
                client.Kill();
        }
    }

    private const string ResultPrefix = "result ";

    /// <summary>Reads <c>result ops=… error=…</c>: every figure is an integer, times in nanoseconds; the error text runs to the end.</summary>
    private static LoadResult Parse(string line, bool udp)
    {
        var at = line.IndexOf(" error=", StringComparison.Ordinal);
        var figures = at < 0 ? line : line[..at];
        var error = at < 0 ? "" : line[(at + " error=".Length)..];
        long Value(string key) => ServeCommand.ParseValue(figures, key) ?? throw new InvalidOperationException($"the native client's result has no {key}: {line}");
        TimeSpan? Nanos(string key) => Value(key) is var ns and >= 0 ? TimeSpan.FromTicks(ns / 100) : null;
        var result = new LoadResult(Nanos("seconds_ns")!.Value)
        {
            Reported = (Nanos("p50_ns"), Nanos("p99_ns")),
            ClientCpu = Nanos("cpu_ns"),
        };
        result.Add(Value("ops"), Value("bytes"));
        result.AddErrors(Value("errors"), error.Length > 0 ? error : "(the native client gave no message)");
        var (sent, lost, bytesSent, bytesReceived) = (Value("sent"), Value("lost"), Value("bytes_sent"), Value("bytes_received"));
        if (bytesSent > 0)
            result.Notes.Add(bytesSent == bytesReceived ? $"sent = received = {bytesSent:N0} B" : $"MISMATCH: sent {bytesSent:N0} B, received {bytesReceived:N0} B");
        if (udp)
            result.Notes.Add(UdpEchoLoad.LossNote(sent, lost));
        return result;
    }
}
