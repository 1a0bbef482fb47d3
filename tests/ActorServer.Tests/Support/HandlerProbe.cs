using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace ActorServer.Tests.Support;

/// <summary>
/// Where a test's handlers check in, whatever process they run in: forking mode runs them in child processes, out of
/// reach of the test's actors and tasks, so they meet the test at a Unix socket instead. A handler connects, sends
/// its text and waits for the answer (<see cref="VisitAsync"/>); the probe records the visit first, then answers at
/// once while open, or holds the handler until <see cref="Open"/>. A handler that has finished has therefore been
/// recorded: no polling, no timing.
/// </summary>
public sealed class HandlerProbe : IDisposable
{
    private const string Go = "go";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly CancellationTokenSource _closing = new();
    private readonly Channel<Visit> _arrivals = Channel.CreateUnbounded<Visit>();
    private readonly ConcurrentQueue<Visit> _visits = new();
    private readonly List<Socket> _held = [];
    private readonly object _gate = new();
    private bool _open;
    private bool _closed;

    /// <param name="open">Whether visitors are answered at once; a closed probe holds them until <see cref="Open"/>.</param>
    public HandlerProbe(bool open)
    {
        _open = open;
        Path = TempSocketPath.Next();
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path));
        _listener.Listen(64);
        _ = AcceptAsync();
    }

    /// <summary>The socket file handlers connect to; it has no spaces, so it fits in a line of words.</summary>
    public string Path { get; }

    /// <summary>Every visit so far, in the order the probe read them.</summary>
    public IReadOnlyList<Visit> Visits => [.. _visits];

    /// <summary>The handler's side: checks in with <paramref name="text"/> (and its process id) and returns when the probe answers.</summary>
    /// <exception cref="IOException">The probe went away without answering.</exception>
    public static async Task VisitAsync(string path, string text, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes($"{Environment.ProcessId} {text}\n"), SocketFlags.None, cancellationToken);
        if (await ReadLineAsync(socket, cancellationToken) != Go)
            throw new IOException($"the probe at {path} closed without letting '{text}' go");
    }

    /// <summary>The next visit, in arrival order; fails after the patience bound.</summary>
    public async Task<Visit> NextVisitAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await _arrivals.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>A bounded negative check: true if a visit not yet taken by <see cref="NextVisitAsync"/> arrives within <paramref name="window"/>.</summary>
    public async Task<bool> VisitArrivesWithinAsync(TimeSpan window)
    {
        using var timeout = new CancellationTokenSource(window);
        try
        {
            return await _arrivals.Reader.WaitToReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Lets every held visitor go, and every later one at once.</summary>
    public void Open()
    {
        List<Socket> held;
        lock (_gate)
        {
            _open = true;
            held = [.. _held];
            _held.Clear();
        }
        held.ForEach(Answer);
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket visitor;
            try
            {
                visitor = await _listener.AcceptAsync(_closing.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // Closing; or the listener broke, and then every handler's visit fails and says so.
                return;
            }
            _ = ReceiveAsync(visitor);
        }
    }

    private async Task ReceiveAsync(Socket visitor)
    {
        string? line;
        try
        {
            line = await ReadLineAsync(visitor, _closing.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException)
        {
            visitor.Dispose();
            return;
        }
        if (line?.Split(' ', 2) is not [var pid, var text])
        {
            visitor.Dispose();
            return;
        }
        // Recorded before it is answered: once a handler is past its visit, the test can see the visit.
        var visit = new Visit(text, int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture));
        _visits.Enqueue(visit);
        _arrivals.Writer.TryWrite(visit);
        lock (_gate)
        {
            if (_closed)
            {
                visitor.Dispose();
                return;
            }
            if (!_open)
            {
                _held.Add(visitor);
                return;
            }
        }
        Answer(visitor);
    }

    private static void Answer(Socket visitor)
    {
        try
        {
            visitor.Send(Encoding.UTF8.GetBytes(Go + "\n"));
        }
        catch (SocketException)
        {
            // The visitor gave up (its request was cancelled): nobody is left to answer.
        }
        visitor.Dispose();
    }

    /// <summary>Reads up to a newline, byte by byte (lines are short); null if the peer closes first.</summary>
    private static async Task<string?> ReadLineAsync(Socket socket, CancellationToken cancellationToken)
    {
        var line = new List<byte>();
        var one = new byte[1];
        while (await socket.ReceiveAsync(one, SocketFlags.None, cancellationToken) == 1)
        {
            if (one[0] == '\n')
                return Encoding.UTF8.GetString([.. line]);
            line.Add(one[0]);
        }
        return null;
    }

    /// <summary>One handler's visit: what it said, and the process it ran in.</summary>
    public sealed record Visit(string Text, int ProcessId);

    public void Dispose()
    {
        _closing.Cancel();
        _listener.Dispose();
        lock (_gate)
        {
            _closed = true;
            _held.ForEach(s => s.Dispose());
            _held.Clear();
        }
        File.Delete(Path);
    }
}
