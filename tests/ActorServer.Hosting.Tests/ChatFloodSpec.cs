using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Hosting.Tests.Support;
using ActorServer.Samples.Chat;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace ActorServer.Hosting.Tests;

/// <summary>
/// The Chat sample, hosted as its Program hosts it, under the flood that once took its server from 84 MB to 1.3 GB:
/// members that never read (small receive buffers, so the kernel fills fast) and one sender writing lines as fast as it can.
/// </summary>
public sealed class ChatFloodSpec(ITestOutputHelper output) : IAsyncLifetime
{
    private const int NeverReading = 50;
    /// <summary>What the room's mailbox may hold: one message per connection (a speaker waits for each line to be
    /// heard, the never-readers' leaves may arrive together), and a little for the test's own questions.</summary>
    private const int MailboxBound = NeverReading + 2 + 8;
    private const long HeapGrowthBound = 64L * 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Prompt = TimeSpan.FromSeconds(5);
    private static readonly byte[] Lines = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(new string('x', 999) + "\n", 64)));
    private readonly TestHosts _hosts = new();
    private readonly List<Socket> _sockets = [];

    [Fact]
    public async Task Members_that_never_read_must_be_disconnected_while_a_fast_sender_waits_for_the_room()
    {
        var host = _hosts.Build(akka => akka.WithChat("127.0.0.1:0"));
        await host.StartAsync();
        var address = await host.Services.GetRequiredService<ISocketServerRegistry>()["chat"].Bound.WaitAsync(TestHosts.Patience);
        var room = await host.Services.GetRequiredService<IRequiredActor<ChatRoom>>().GetAsync();

        var neverReading = new Dictionary<string, Socket>();
        for (var i = 0; i < NeverReading; i++)
            neverReading[$"slow{i}"] = await JoinWithoutReadingAsync(address, $"slow{i}");
        var sender = await JoinWithoutReadingAsync(address, "fast");
        await Polling.UntilAsync(async () => (await MembersAsync(room)).Count == NeverReading + 1, TestHosts.Patience, () => "the members did not all join");

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        using var flooding = new CancellationTokenSource();
        var mailboxPeak = 0;
        var sampling = SampleMailboxAsync(room, peak => mailboxPeak = peak, flooding.Token);
        var flood = FloodAsync(sender, flooding.Token);

        // Each member the room drops is read from then on, as a client that comes back would be: it must get its farewell.
        var dropped = new Dictionary<string, Task<Ending>>();
        await Polling.UntilAsync(async () =>
        {
            if (await MembersIfAnsweredAsync(room) is not { } members)
                return false;
            foreach (var (nick, socket) in neverReading)
            {
                if (!members.Contains(nick) && !dropped.ContainsKey(nick))
                    dropped[nick] = ReadToEndAsync(socket);
            }
            return dropped.Count == NeverReading;
        }, Patience, () => $"{NeverReading - dropped.Count} members that never read were not dropped; the room's mailbox peaked at {mailboxPeak} messages, "
            + $"managed memory grew {(GC.GetTotalMemory(false) - heapBefore) >> 20} MB");
        var endings = await Task.WhenAll(dropped.Values);

        // The flood goes on; a member that reads is served as ever.
        var served = Stopwatch.StartNew();
        var (floodLinesHeard, here) = await JoinAndAskWhoAsync(address, "norm");
        served.Stop();
        var heapGrowth = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        await flooding.CancelAsync();
        var sent = await flood;
        await sampling;

        output.WriteLine($"sender wrote {sent >> 10} KiB; the room's mailbox peaked at {mailboxPeak} messages; managed memory grew {heapGrowth >> 10} KiB; "
            + $"the dropped members had {endings.Min(e => e.Bytes) >> 10} to {endings.Max(e => e.Bytes) >> 10} KiB left to read; "
            + $"a new member was welcomed and answered in {served.ElapsedMilliseconds} ms, hearing {floodLinesHeard} flood lines");
        Assert.All(endings, ending => Assert.True(ending.LastLine == "! too slow, disconnected", $"a dropped member's last line, after {ending.Bytes} bytes: {ending.LastLine[..Math.Min(80, ending.LastLine.Length)]}"));
        Assert.Equal("* here: fast, norm", here);
        Assert.True(floodLinesHeard > 0, "the flood did not reach the new member");
        Assert.True(served.Elapsed < Prompt, $"a new member waited {served.ElapsedMilliseconds} ms for its welcome and /who");
        Assert.True(mailboxPeak <= MailboxBound, $"the room's mailbox held {mailboxPeak} messages");
        Assert.True(heapGrowth < HeapGrowthBound, $"managed memory grew {heapGrowth >> 20} MB under the flood");
    }

    /// <summary>Connects with a small receive buffer, gives a nickname and never reads.</summary>
    private async Task<Socket> JoinWithoutReadingAsync(EndPoint address, string nick)
    {
        var socket = Track(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 });
        await socket.ConnectAsync(address);
        await socket.SendAsync(Encoding.ASCII.GetBytes(nick + "\n"));
        return socket;
    }

    private static async Task<IReadOnlyList<string>> MembersAsync(IActorRef room) =>
        (await room.Ask<ChatRoom.Here>(ChatRoom.Who.Instance, TestHosts.Patience)).Members;

    /// <summary>The members, or null when the room is too busy to answer within a second.</summary>
    private static async Task<IReadOnlyList<string>?> MembersIfAnsweredAsync(IActorRef room)
    {
        try
        {
            return (await room.Ask<ChatRoom.Here>(ChatRoom.Who.Instance, TimeSpan.FromSeconds(1))).Members;
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    /// <summary>Reports the most messages the room's mailbox held, sampled every millisecond or so until cancelled.</summary>
    private static Task SampleMailboxAsync(IActorRef room, Action<int> peak, CancellationToken stop) => Task.Factory.StartNew(() =>
    {
        var cell = ((ActorRefWithCell)room).Underlying;
        var most = 0;
        while (!stop.IsCancellationRequested)
        {
            most = Math.Max(most, cell.NumberOfMessages);
            peak(most);
            stop.WaitHandle.WaitOne(1);
        }
    }, TaskCreationOptions.LongRunning);

    /// <summary>Writes 1000-byte lines as fast as the socket takes them; returns how many bytes it took.</summary>
    private static async Task<long> FloodAsync(Socket sender, CancellationToken stop)
    {
        long sent = 0;
        try
        {
            while (true)
                sent += await sender.SendAsync(Lines, SocketFlags.None, stop);
        }
        catch (OperationCanceledException)
        {
            return sent;
        }
    }

    /// <summary>How a dropped member's connection ended: how many bytes were left to read, and the last line.</summary>
    private sealed record Ending(long Bytes, string LastLine);

    /// <summary>Reads what the server sent a dropped member until the server closes the connection.</summary>
    private static async Task<Ending> ReadToEndAsync(Socket socket)
    {
        // A client that comes back to read: with the 4 KiB buffer it joined with, its window would open by too little for
        // the server to send into it (silly window avoidance), and the rest would trickle in on zero-window probes.
        socket.ReceiveBufferSize = 1 << 20;
        using var deadline = new CancellationTokenSource(Patience);
        var buffer = new byte[65536];
        long total = 0;
        var last = Array.Empty<byte>();
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token)) > 0)
            {
                total += n;
                last = [.. last, .. buffer.AsSpan(0, n)];
                last = last[Math.Max(0, last.Length - 4096)..];
            }
        }
        catch (OperationCanceledException)
        {
            return new Ending(total, $"(still open after {Patience.TotalSeconds} s)");
        }
        var lines = Encoding.UTF8.GetString(last).Split('\n');
        return new Ending(total, lines.Length > 1 ? lines[^2] : $"(no whole line; the stream ended in \"{lines[^1][^Math.Min(20, lines[^1].Length)..]}\")");
    }

    /// <summary>Joins as a member that reads, asks <c>/who</c>, and returns how many flood lines came first (or, when none
    /// did, whether the next line after the answer is one), and the answer.</summary>
    private async Task<(int FloodLines, string Here)> JoinAndAskWhoAsync(EndPoint address, string nick)
    {
        var socket = Track(new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        await socket.ConnectAsync(address);
        using var reader = new StreamReader(new NetworkStream(socket), Encoding.UTF8);
        using var deadline = new CancellationTokenSource(Patience);
        Assert.Equal("nickname?", await reader.ReadLineAsync(deadline.Token));
        await socket.SendAsync(Encoding.ASCII.GetBytes(nick + "\n/who\n"));
        Assert.Equal($"* welcome {nick}; here: fast, {nick}", await reader.ReadLineAsync(deadline.Token));
        var floodLines = 0;
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (!line.StartsWith("fast: ", StringComparison.Ordinal))
            {
                // The join and /who may reach the room back to back, before the sender's next line: then the flood
                // must still reach this member after the answer.
                if (floodLines == 0 && await reader.ReadLineAsync(deadline.Token) is { } next && next.StartsWith("fast: ", StringComparison.Ordinal))
                    floodLines++;
                return (floodLines, line);
            }
            floodLines++;
        }
        return (floodLines, "(closed)");
    }

    private Socket Track(Socket socket)
    {
        _sockets.Add(socket);
        return socket;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var socket in _sockets)
            socket.Dispose();
        await _hosts.DisposeAsync();
    }
}
