using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Tests.Support;
using Akka.Actor;
using Xunit.Abstractions;

namespace ActorServer.Tests.Reliability;

[Collection(SoakCollection.Name)]
[Trait("Category", "Soak")]
public sealed class SoakSpec(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(Config)
{
    private const string Config = """
        # Thousands of injected faults are logged: counted by a subscriber below rather than printed to the test output.
        akka.loglevel = WARNING
        akka.loggers = []
        actor-server.server-defaults.drain-timeout = 3s
        # Idle handler threads exit soon after the soak, so that a thread that stays is a leak.
        actor-server.handler-dispatcher.shutdown-timeout = 1s
        """;

    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(60);
    private const int Workers = 12;

    /// <summary>Answers each line with its number and the line upper-cased, until the client closes; "boom" throws.
    /// Public with a parameterless constructor: the forking server runs it in child processes.</summary>
    public sealed class SoakHandler : StreamRequestHandler
    {
        public override async Task HandleAsync(CancellationToken ct)
        {
            var n = 0;
            while (await ReadLineAsync(ct) is { } line)
            {
                if (line == "boom")
                    throw new InvalidOperationException("soak: a handler fault injected on purpose");
                await WriteAsync($"{++n}:{line.ToUpperInvariant()}\n", ct);
            }
        }
    }

    /// <summary>Counts the server's log lines for handler faults, each of which must name its client.</summary>
    private sealed class FaultLogCounter : ReceiveActor
    {
        public static int HandlerFaults;

        public FaultLogCounter() =>
            Receive<Akka.Event.Error>(e =>
            {
                if (e.Message?.ToString()?.Contains("Exception occurred during processing of request from ", StringComparison.Ordinal) == true)
                    Interlocked.Increment(ref HandlerFaults);
            });
    }

    private enum Fault { None, HandlerThrows, ClientResets }

    private sealed class Figures
    {
        public int Connections;
        public int Requests;
        public int HandlerFaults;
        public int ClientResets;
        public int Corrupt;
        public readonly List<string> Errors = [];

        public void Fail(string what)
        {
            Interlocked.Increment(ref Corrupt);
            lock (Errors)
                Errors.Add(what);
        }
    }

    private static async Task Conversation(EndPoint address, Random random, int id, Figures figures)
    {
        var lines = Enumerable.Range(1, random.Next(1, 13)).Select(i => $"c{id}-l{i}-{random.Next():x8}").ToList();
        var roll = random.NextDouble();
        var fault = roll < 0.06 ? Fault.HandlerThrows : roll < 0.12 ? Fault.ClientResets : Fault.None;
        var answered = fault == Fault.None ? lines.Count : random.Next(0, lines.Count);

        using var client = await LineClient.ConnectAsync(address);
        Interlocked.Increment(ref figures.Connections);
        // Pipelined: every line in one write, then every reply, so order is checked as well as content.
        var sent = string.Concat(lines.Take(answered).Select(l => l + "\n"));
        if (fault == Fault.HandlerThrows)
            sent += "boom\n";
        else if (fault == Fault.ClientResets)
            sent += string.Concat(lines.Skip(answered).Select(l => l + "\n"));
        if (sent.Length > 0)
            await client.SendAsync(sent);

        if (fault == Fault.ClientResets)
        {
            // Reset with replies still coming: the server's writes fail mid-stream.
            client.Reset();
            Interlocked.Increment(ref figures.ClientResets);
            return;
        }

        var expected = string.Concat(lines.Take(answered).Select((l, i) => $"{i + 1}:{l.ToUpperInvariant()}\n"));
        var replies = expected.Length == 0 ? "" : await client.ReadAsync(Encoding.UTF8.GetByteCount(expected));
        if (replies != expected)
            figures.Fail($"{address} connection {id}: expected {expected.Length} bytes of replies, got '{replies}'");
        Interlocked.Add(ref figures.Requests, answered);

        if (fault == Fault.None)
            client.Socket.Shutdown(SocketShutdown.Send);
        else
            Interlocked.Increment(ref figures.HandlerFaults);
        string rest;
        try
        {
            rest = await client.ReadToEndAsync();
        }
        catch (SocketException e) when (fault == Fault.HandlerThrows && e.SocketErrorCode == SocketError.ConnectionReset)
        {
            rest = "";
        }
        if (rest.Length > 0)
            figures.Fail($"{address} connection {id}: unexpected bytes after the replies: '{rest}'");
    }

    private static int OpenDescriptors() => Directory.GetFiles("/proc/self/fd").Length;

    /// <summary>Open descriptors other than the runtime's mapped libraries and symbol files (loaded once, on first use,
    /// and kept): sockets, pipes, event and timer descriptors, plain files.</summary>
    private static List<string> Resources() =>
        DescriptorTargets().Where(t => !t.EndsWith(".dll", StringComparison.Ordinal) && !t.EndsWith(".pdb", StringComparison.Ordinal)
            && !t.EndsWith(".so", StringComparison.Ordinal)).ToList();

    /// <summary>What each open descriptor is (a socket, a pipe, a file), to name what leaked.</summary>
    private static List<string> DescriptorTargets() =>
        Directory.GetFiles("/proc/self/fd").Select(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget ?? "?";
            }
            catch (IOException)
            {
                return "closed";
            }
        }).ToList();

    private static int Threads()
    {
        using var self = Process.GetCurrentProcess();
        return self.Threads.Count;
    }

    /// <summary>This process's child processes, zombies included, from /proc.</summary>
    private static int ChildProcesses()
    {
        var self = Environment.ProcessId.ToString();
        var count = 0;
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!char.IsDigit(Path.GetFileName(dir)[0]))
                continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == self)
                    count++;
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }
        return count;
    }

    private T Bound<T>(T server, Action<T> configure) where T : SocketServer
    {
        configure(server);
        server.ServerBind();
        server.ServerActivate();
        return server;
    }

    /// <summary>Starts the five servers, runs <see cref="Workers"/> clients against them for <paramref name="duration"/>,
    /// checks the servers were serving all along, and disposes them. Returns the servers' names and socket file.</summary>
    private async Task<(string[] Names, string UnixPath)> Soak(TimeSpan duration, Figures figures)
    {
        var unixPath = TempSocketPath.Next();
        var servers = new SocketServer[]
        {
            Bound(new TcpServer<SoakHandler>(new IPEndPoint(IPAddress.Loopback, 0), bindAndActivate: false, system: Sys), _ => { }),
            Bound(new TcpServer<SoakHandler>(new IPEndPoint(IPAddress.Loopback, 0), bindAndActivate: false, system: Sys), s =>
            {
                s.Mode = ServingMode.Threading;
                s.MaxConnections = 8;
            }),
            Bound(new UnixStreamServer<SoakHandler>(unixPath, bindAndActivate: false, system: Sys), s =>
            {
                s.Mode = ServingMode.Threading;
                s.RequestQueueSize = 64;
            }),
            Bound(new TcpServer<SoakHandler>(new IPEndPoint(IPAddress.Loopback, 0), bindAndActivate: false, system: Sys), s =>
            {
                s.Mode = ServingMode.Forking;
                s.WarmChildren = 2;
                s.MaxChildren = 2;
                s.RequestsPerChild = 0;
            }),
            // Every handler fault restarts this one's listener: requests in flight and their count must survive each restart.
            Bound(new TcpServer<SoakHandler>(new IPEndPoint(IPAddress.Loopback, 0), bindAndActivate: false, system: Sys), s =>
            {
                s.Mode = ServingMode.Threading;
                s.MaxConnections = 8;
                s.RequestQueueSize = 64;
                s.OnHandlerError = HandlerErrorPolicy.RestartListener;
                s.ListenerBackoff = new ListenerBackoff(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(40), 0.2);
            }),
        };
        var serving = servers.Select(s => s.ServeForeverAsync()).ToArray();

        var clock = Stopwatch.StartNew();
        var ids = 0;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (clock.Elapsed < duration)
            {
                var server = servers[random.Next(servers.Length)];
                await Conversation(server.ServerAddress, random, Interlocked.Increment(ref ids), figures);
            }
        })).ToArray();
        await Task.WhenAll(workers).WaitAsync(duration + TimeSpan.FromSeconds(60));

        Assert.All(serving, s => Assert.False(s.IsCompleted, "a server stopped during the soak"));
        foreach (var server in servers)
            await server.DisposeAsync();
        return (servers.Select(s => s.Name).ToArray(), unixPath);
    }

    [Fact]
    public async Task A_soak_of_mixed_modes_with_faults_must_keep_every_reply_intact_and_in_order_and_leak_nothing()
    {
        // A short warm-up first: what the runtime loads once (assemblies, symbols for stack traces, the child-process
        // signal pipe) is not a leak; only what grows with use is.
        var warmUp = new Figures();
        await Soak(TimeSpan.FromSeconds(2), warmUp);
        Assert.Equal(0, warmUp.Corrupt);
        await AwaitAssertAsync(() => Assert.Equal(0, ChildProcesses()), TimeSpan.FromSeconds(15));

        var (fdsBefore, threadsBefore, childrenBefore) = (OpenDescriptors(), Threads(), ChildProcesses());
        var resourcesBefore = Resources();
        var counter = Sys.ActorOf(Props.Create<FaultLogCounter>());
        Sys.EventStream.Subscribe(counter, typeof(Akka.Event.Error));
        var figures = new Figures();
        var clock = Stopwatch.StartNew();
        var (names, unixPath) = await Soak(Duration, figures);

        // Everything the servers held is given back: descriptors, actors, child processes, handler threads.
        await AwaitAssertAsync(() =>
        {
            var now = Resources();
            Assert.True(now.Count <= resourcesBefore.Count,
                $"{now.Count} sockets, pipes and files open, {resourcesBefore.Count} before; new: {string.Join(", ", now.Except(resourcesBefore).Take(20))}");
        }, TimeSpan.FromSeconds(15));
        await AwaitAssertAsync(() => Assert.Equal(childrenBefore, ChildProcesses()), TimeSpan.FromSeconds(15));
        foreach (var name in names)
            await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection($"/user/actor-server-{name}").ResolveOne(TimeSpan.FromSeconds(3)));
        await AwaitAssertAsync(() => Assert.InRange(Threads(), 0, threadsBefore + 8), TimeSpan.FromSeconds(20));
        Assert.False(File.Exists(unixPath));

        var (fdsAfter, threadsAfter, childrenAfter) = (OpenDescriptors(), Threads(), ChildProcesses());
        output.WriteLine($"soak: {clock.Elapsed.TotalSeconds:F0} s, {Workers} clients over 5 servers (synchronous tcp, threading tcp, threading unix, forking tcp with 2 warm children, threading tcp with on-handler-error = restart-listener)");
        output.WriteLine($"soak: {figures.Connections} connections, {figures.Requests} requests answered, faults injected: {figures.HandlerFaults} handler throws + {figures.ClientResets} client resets");
        output.WriteLine($"soak: handler faults logged with their client {Volatile.Read(ref FaultLogCounter.HandlerFaults)}");
        output.WriteLine($"soak: corrupt or out-of-order replies {figures.Corrupt}; sockets, pipes and files {resourcesBefore.Count} -> {Resources().Count}, all descriptors {fdsBefore} -> {fdsAfter}, threads {threadsBefore} -> {threadsAfter}, child processes {childrenBefore} -> {childrenAfter}");
        lock (figures.Errors)
            Assert.True(figures.Corrupt == 0, string.Join("\n", figures.Errors.Take(10)));
        Assert.True(figures.HandlerFaults > 0 && figures.ClientResets > 0, "no fault was injected");
        await AwaitAssertAsync(() => Assert.Equal(figures.HandlerFaults, Volatile.Read(ref FaultLogCounter.HandlerFaults)));
    }
}
