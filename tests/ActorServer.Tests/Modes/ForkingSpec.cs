using ActorServer.Tests.Support;
using Xunit.Abstractions;

namespace ActorServer.Tests.Modes;

/// <summary>What the forking specs share: a handler that obeys its client inside a child, and ways to find children.</summary>
public abstract class ForkingSpec(ITestOutputHelper output) : ServerSpec(output)
{
    /// <summary>Obeys the client's first line; runs in a child process.</summary>
    public sealed class ChildProbeHandler : StreamRequestHandler
    {
        /// <summary>Changed only in children: the parent's copy must stay 0.</summary>
        public static int Counter;

        public override void Handle()
        {
            switch (ReadLine())
            {
                case "pid":
                    Write($"{Environment.ProcessId}\n");
                    break;
                case "count":
                    Write($"{++Counter} {Environment.ProcessId}\n");
                    break;
                case "wait":
                    var next = ReadLine();
                    Write($"{next} {Environment.ProcessId}\n");
                    break;
                case "throw":
                    throw new InvalidOperationException("thrown in the child on purpose");
                case "crash":
                    Environment.FailFast("crashing the child on purpose");
                    break;
                case "exit":
                    Environment.Exit(3);
                    break;
                case "hang":
                    Thread.Sleep(System.Threading.Timeout.Infinite);
                    break;
            }
        }
    }

    protected TcpServer<ChildProbeHandler> Forking(Action<TcpServer<ChildProbeHandler>>? configure = null) =>
        Tcp<ChildProbeHandler>(s =>
        {
            s.Mode = ServingMode.Forking;
            configure?.Invoke(s);
        });

    protected static async Task<int> PidOf(SocketServer server) =>
        int.Parse((await LineClient.RoundTripAsync(server.ServerAddress, "pid")).Trim());

    protected async Task<int> AwaitChildAsync(SocketServer server)
    {
        await AwaitAssertAsync(() => Assert.Single(server.ActiveChildren), Patience);
        return server.ActiveChildren.Single();
    }

    /// <summary>Gone means reaped too: a zombie still has its /proc entry.</summary>
    protected static void AssertGone(IEnumerable<int> children) =>
        Assert.All(children, pid => Assert.False(Directory.Exists($"/proc/{pid}"), $"child {pid} outlived the server"));

    /// <summary>The processes whose command line holds <paramref name="argument"/> (a fork bridge's control socket
    /// names its children; an exited child not yet reaped has none any more).</summary>
    protected static int[] ProcessesMentioning(string argument) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(int.Parse!)
            .Where(pid =>
            {
                try
                {
                    return File.ReadAllText($"/proc/{pid}/cmdline").Split('\0').Contains(argument);
                }
                catch (IOException)
                {
                    return false;   // it ended while we looked
                }
                catch (UnauthorizedAccessException)
                {
                    return false;   // another user's process
                }
            })];
}
