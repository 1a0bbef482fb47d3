using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using ActorServer.Actors;
using Akka.Event;

namespace ActorServer.Modes.Forking;

/// <summary>
/// One server's bridge to its forked children (Python's <c>ForkingMixIn</c>): starts children (or takes a warm one),
/// hands each request's socket to a child over a Unix socket, and retires children after their quota of requests.
/// The listener never admits more than <c>max-children</c> requests, so live children stay within that bound.
/// </summary>
internal sealed class ForkBridge : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly SocketServer _server;
    private readonly ILoggingAdapter _log;
    private readonly string _directory;
    private readonly string _controlPath;
    private readonly Socket _listener;
    private readonly CancellationTokenSource _closing = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<Socket>> _starting = new();
    private readonly ConcurrentDictionary<int, ForkedProcess> _live = new();
    private readonly ConcurrentQueue<ForkedProcess> _idle = new();
    private readonly ConcurrentDictionary<Task, byte> _pendingStarts = new();
    private readonly object _startGate = new();
    private int _startIds;
    private int _warming;

    public ForkBridge(SocketServer server)
    {
        if (server.HandlerType == typeof(BaseRequestHandler))
            throw new InvalidOperationException("Forking mode needs a handler type that a child can create, not a handler factory.");
        _server = server;
        _log = Logging.GetLogger(server.System, $"actor-server-{server.Name}.fork-bridge");
        // A private directory: only this user may connect to the control socket and hand requests to the children.
        _directory = Directory.CreateTempSubdirectory("actor-server-fork-").FullName;
        _controlPath = Path.Combine(_directory, "control.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(_controlPath));
        _listener.Listen(128);
        _ = AcceptChildrenAsync();
    }

    /// <summary>The Unix socket children connect back to; it is on every child's command line.</summary>
    public string ControlPath => _controlPath;

    /// <summary>Python's <c>active_children</c>: the process ids of the live children, busy or idle.</summary>
    public IReadOnlyCollection<int> ActiveChildren => _live.Keys.ToArray();

    /// <summary>Serves one request in a child. Never throws: every failure comes back as the outcome. Cancelling
    /// <paramref name="aborted"/> kills the child.</summary>
    /// <param name="finishing">Called when the handler's Finish begins in the child, to time it; null if nobody does.</param>
    public async Task<RequestOutcome> ServeAsync(AcceptedRequest request, CancellationToken aborted, Action? finishing)
    {
        ForkedProcess child;
        try
        {
            child = await TakeAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            var cause = e as ChildProcessException ?? new ChildProcessException(0, $"could not start a child: {e.Message}");
            return RequestOutcome.Failed(new HandlerFailedException(_server.HandlerType, RequestPhase.Setup, request.ClientAddress, cause), aborted);
        }
        try
        {
            return await child.ServeAsync(request, _server.HandlerType, _server.ChildTimeout, aborted, finishing).ConfigureAwait(false);
        }
        finally
        {
            if (child.IsUsable && !_closing.IsCancellationRequested)
                _idle.Enqueue(child);
            else
                _ = RetireAsync(child);
            Warm();
        }
    }

    /// <summary>Starts children in the background until <c>warm-children</c> wait idle (within <c>max-children</c>).</summary>
    public void Warm()
    {
        var wanted = Math.Min(_server.WarmChildren, _server.MaxChildren);
        while (!_closing.IsCancellationRequested && _idle.Count + Volatile.Read(ref _warming) < wanted && _live.Count + Volatile.Read(ref _warming) < _server.MaxChildren)
        {
            Interlocked.Increment(ref _warming);
            _ = Task.Run(async () =>
            {
                try
                {
                    _idle.Enqueue(await StartAsync(_closing.Token).ConfigureAwait(false));
                }
                catch (Exception e) when (!_closing.IsCancellationRequested)
                {
                    _log.Warning("A warm child failed to start: {0}", e.Message);
                }
                catch (Exception)
                {
                    // Closing: nobody wants the child any more.
                }
                finally
                {
                    Interlocked.Decrement(ref _warming);
                }
            });
        }
    }

    private async Task<ForkedProcess> TakeAsync(CancellationToken aborted)
    {
        while (_idle.TryDequeue(out var idle))
        {
            if (idle.IsUsable)
                return idle;
            _ = RetireAsync(idle);
        }
        return await StartAsync(aborted).ConfigureAwait(false);
    }

    /// <summary>Starts a child, and keeps the start in sight until it ends, so that closing can wait for it; once
    /// closing has begun, no start begins.</summary>
    private Task<ForkedProcess> StartAsync(CancellationToken aborted)
    {
        lock (_startGate)
        {
            if (_closing.IsCancellationRequested)
                return Task.FromException<ForkedProcess>(new ChildProcessException(0, "the server is closing"));
            var start = Task.Run(() => LaunchAsync(aborted), CancellationToken.None);
            _pendingStarts[start] = 0;
            start.ContinueWith(done => _pendingStarts.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return start;
        }
    }

    private async Task<ForkedProcess> LaunchAsync(CancellationToken aborted)
    {
        var startId = Interlocked.Increment(ref _startIds);
        var connected = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _starting[startId] = connected;
        Process? process = null;
        try
        {
            process = Process.Start(ChildLauncher.StartInfo(_server.HandlerType, _controlPath, startId, _server.RequestsPerChild))
                ?? throw new ChildProcessException(0, "the child process did not start");
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
            wait.CancelAfter(StartTimeout);
            var exited = process.WaitForExitAsync(wait.Token);
            if (await Task.WhenAny(connected.Task, exited).ConfigureAwait(false) != connected.Task)
            {
                await exited.ConfigureAwait(false);
                throw new ChildProcessException(process.Id, $"exited with code {process.ExitCode} before it was ready");
            }
            var child = new ForkedProcess(process, await connected.Task.ConfigureAwait(false), _server.RequestsPerChild);
            _live[child.ProcessId] = child;
            _log.Debug("Child process {0} started", child.ProcessId);
            return child;
        }
        catch
        {
            if (process is not null)
            {
                process.Kill(entireProcessTree: true);
                // Reaped before the failure is known: a server closed while a child was starting leaves no child behind.
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                process.Dispose();
            }
            throw;
        }
        finally
        {
            _starting.TryRemove(startId, out _);
        }
    }

    /// <summary>Takes each child's connection and matches it to the start that launched it.</summary>
    private async Task AcceptChildrenAsync()
    {
        var buffer = new byte[64];
        while (!_closing.IsCancellationRequested)
        {
            Socket control;
            try
            {
                control = await _listener.AcceptAsync(_closing.Token).ConfigureAwait(false);
            }
            catch (Exception) when (_closing.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException e)
            {
                _log.Warning("Accepting a child's connection failed: {0}", e.Message);
                continue;
            }
            try
            {
                // A request packet carries a whole datagram: the default send buffer (wmem_default, 208 KiB on Linux)
                // would refuse the largest ones with EMSGSIZE. Linux doubles what it grants, up to 2 × wmem_max.
                control.SendBufferSize = ChildProtocol.MaxPacket;
                var length = await control.ReceiveAsync(buffer, SocketFlags.None, _closing.Token).ConfigureAwait(false);
                if (length > 0 && _starting.TryGetValue(ChildProtocol.ReadReady(buffer.AsSpan(0, length)), out var start) && start.TrySetResult(control))
                    continue;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _log.Warning("A child's first message was unreadable: {0}", e.Message);
            }
            control.Dispose();
        }
    }

    private async Task RetireAsync(ForkedProcess child)
    {
        _live.TryRemove(child.ProcessId, out _);
        await child.RetireAsync().ConfigureAwait(false);
        _log.Debug("Child process {0} retired", child.ProcessId);
    }

    /// <summary>Stops every child: idle ones exit when their channel closes, any that remain are killed; all are reaped.</summary>
    public async ValueTask DisposeAsync()
    {
        Task[] starting;
        lock (_startGate)
        {
            _closing.Cancel();
            starting = [.. _pendingStarts.Keys];
        }
        _listener.Dispose();
        // Starts in progress end at once now (killed and reaped, or just made live): wait for them before retiring the live.
        await Task.WhenAll(starting).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        await Task.WhenAll(_live.Values.Select(RetireAsync)).ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException e)
        {
            _log.Warning("Could not remove the fork bridge's directory {0}: {1}", _directory, e.Message);
        }
        _closing.Dispose();
    }
}
