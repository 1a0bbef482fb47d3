using System.Net;
using System.Runtime.InteropServices;
using ActorServer.Benchmarks.Report;
using ActorServer.Benchmarks.Scenarios;
using ActorServer.Benchmarks.Servers;

namespace ActorServer.Benchmarks.Hosts;

/// <summary>
/// <c>serve</c>: runs one server under test until Ctrl-C, so that any outside load tool can be pointed at it. With
/// <c>--controlled</c> (how the benchmark starts its children) it also answers on stdin and stops when stdin closes.
/// </summary>
internal static class ServeCommand
{
    public const string ListeningPrefix = "listening on ";
    public const string AlsoPidPrefix = "also process ";
    public const string StatsCommand = "stats";
    public const string SettleCommand = "settle";

    public static async Task<int> RunAsync(Contender kind, Workload workload, string mode, int port, bool controlled, CancellationToken cancellationToken)
    {
        using var allocations = AllocationSampler.FromEnvironment();
        await using var server = await StartAsync(kind, workload, mode, port);
        foreach (var pid in (server as IMultiProcessServer)?.OtherPids ?? [])
            Console.WriteLine($"{AlsoPidPrefix}{pid}");
        Console.WriteLine($"{ListeningPrefix}{server.Address}");
        if (controlled)
            await ControlLoopAsync(allocations, server as IMultiProcessServer, cancellationToken);
        else
            await StopSignalAsync(cancellationToken);
        return 0;
    }

    private static async Task<IBenchServer> StartAsync(Contender kind, Workload workload, string mode, int port) => kind switch
    {
        Contender.ActorServer when mode.StartsWith("hosted", StringComparison.Ordinal) => await HostedActorServerHost.StartAsync(mode, port),
        Contender.ActorServer when mode == ClusterFigures.Mode => await ClusterFrontHost.StartAsync(workload, port),
        Contender.ActorServer when mode == ClusterFrontHost.WorkerMode => await ClusterWorkerHost.StartAsync(),
        Contender.ActorServer => ActorServerHost.Start(workload, mode, port),
        Contender.Raw when workload == Workload.UdpEcho => RawUdpHost.Start(port),
        Contender.Raw => RawTcpHost.Start(workload, port),
        Contender.AkkaStreams => await AkkaStreamsHost.StartAsync(workload, port),
        _ => new PythonHost(await ServerProcess.StartAsync(new ServerVariant(kind, "python", mode), workload, port)),
    };

    /// <summary>Completes on Ctrl-C or SIGTERM (handled here, so the process stops gracefully and exits 0).</summary>
    private static async Task StopSignalAsync(CancellationToken cancellationToken)
    {
        var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await using var cancelled = cancellationToken.Register(() => stop.TrySetResult());
        await stop.Task;
    }

    /// <summary>Answers the parent's questions until it closes our stdin (or dies, which closes it too).</summary>
    /// <param name="others">The server's other processes, whose counters a stats reply adds to this one's.</param>
    private static async Task ControlLoopAsync(AllocationSampler? allocations, IMultiProcessServer? others, CancellationToken cancellationToken)
    {
        using var stdin = new StreamReader(Console.OpenStandardInput());
        while (!cancellationToken.IsCancellationRequested && await stdin.ReadLineAsync(cancellationToken) is { } command)
        {
            switch (command.Trim())
            {
                case StatsCommand:
                    allocations?.Mark();
                    var own = OwnCounters();
                    var all = others is null ? own : own + await others.OtherCountersAsync();
                    Console.WriteLine($"stats alloc={all.Allocated} workitems={all.WorkItems} jitted={all.Jitted} jittime={all.JitMicroseconds} " +
                                      $"gcpause={all.GcPauseMicroseconds} lobytes={all.LoopbackBytes} owncpu={all.OwnCpuMicroseconds} gen0={GC.CollectionCount(0)} gen2={GC.CollectionCount(2)}");
                    break;
                case SettleCommand:
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    GC.WaitForPendingFinalizers();
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    Console.WriteLine($"settled heap={GC.GetTotalMemory(forceFullCollection: false)} committed={GC.GetGCMemoryInfo().TotalCommittedBytes}");
                    break;
            }
        }
    }

    private static RuntimeCounters OwnCounters() =>
        new(GC.GetTotalAllocatedBytes(precise: false), ThreadPool.CompletedWorkItemCount, System.Runtime.JitInfo.GetCompiledMethodCount(),
            (long)GC.GetTotalPauseDuration().TotalMicroseconds, (long)System.Runtime.JitInfo.GetCompilationTime().TotalMicroseconds,
            ProcSample.LoopbackBytes(), (long)System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds);

    /// <summary>Reads <c>key=123</c> from a reply line; null when the server does not report it (Python).</summary>
    public static long? ParseValue(string reply, string key)
    {
        foreach (var part in reply.Split(' '))
        {
            if (part.StartsWith(key + "=", StringComparison.Ordinal) && long.TryParse(part.AsSpan(key.Length + 1), out var value))
                return value;
        }
        return null;
    }

    /// <summary><c>serve --server python</c>: the Python server runs as our child and stops with us.</summary>
    private sealed class PythonHost(ServerProcess process) : IBenchServer
    {
        public EndPoint Address => process.Address;

        public ValueTask DisposeAsync() => process.DisposeAsync();
    }
}
