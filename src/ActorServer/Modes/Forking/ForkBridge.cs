using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;
using ActorServer.Actors;
using Akka.Event;

namespace ActorServer.Modes.Forking;

/// <summary>
/// One server's bridge to its forked children (Python's <c>ForkingMixIn</c>): starts children (or takes a warm one),
/// hands each request's socket to a child over a Unix socket, and retires children after their quota of requests.
/// Python's <c>max_children</c> bounds the children alive, counted as Python counts them (until reaped): each child
/// holds a slot from before its start until it is reaped, busy, idle, warming or exiting alike; a request that finds
/// no idle child and no free slot waits for whichever comes first.
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
    private readonly Channel<ForkedProcess> _idle = Channel.CreateUnbounded<ForkedProcess>();
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<Task, byte> _pendingStarts = new();
    private readonly object _startGate = new();
    private int _startIds;
    private int _warming;

    /// <summary>The settings of the run being served: each run's <see cref="Warm(ServerSettings)"/> brings its own.</summary>
    private volatile ServerSettings _settings;

    /// <param name="settings">The first forking run's settings: its <c>max-children</c> bounds the children for the
    /// bridge's life.</param>
    public ForkBridge(SocketServer server, ServerSettings settings)
    {
        _server = server;
        _settings = settings;
        _slots = new SemaphoreSlim(settings.MaxChildren, settings.MaxChildren);
        _log = Logging.GetLogger(server.System, $"actor-server-{server.Name}.fork-bridge");
        // A private directory: only this user may connect to the control socket and hand requests to the children.
        StaleForkDirectories.Remove(_log);
        _directory = Directory.CreateTempSubdirectory(StaleForkDirectories.Prefix).FullName;
        _controlPath = Path.Combine(_directory, "control.sock");
        _listener = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
        // Bound under another name and moved once listening: a control socket file at its own name always answers, so
        // another server's clean-up never takes it for a stale one (see StaleForkDirectories).
        _listener.Bind(new UnixDomainSocketEndPoint(_controlPath + ".binding"));
        _listener.Listen(128);
        File.Move(_controlPath + ".binding", _controlPath);
        _ = ChildHandshake.AcceptAsync(_listener, _starting, _log, _closing.Token);
    }

    /// <summary>The Unix socket children connect back to; it is on every child's command line.</summary>
    public string ControlPath => _controlPath;

    /// <summary>Python's <c>active_children</c>: the process ids of the live children, busy or idle.</summary>
    public IReadOnlyCollection<int> ActiveChildren => _live.Keys.ToArray();

    /// <summary>Serves one request in a child. Never throws: every failure comes back as the outcome. Cancelling
    /// <paramref name="aborted"/> kills the child.</summary>
    /// <param name="finishing">Called when the handler's Finish begins in the child, to time it; null if nobody does.</param>
    public async Task<RequestOutcome> ServeAsync(AcceptedRequest request, ServerSettings settings, CancellationToken aborted, Action? finishing)
    {
        ForkedProcess child;
        try
        {
            child = await TakeAsync(aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // Cancelled while it waited for a child (a timeout or the drain, which say so themselves): no handler ran.
            return new RequestOutcome(null, Cancelled: true);
        }
        catch (Exception e)
        {
            var cause = e as ChildProcessException ?? new ChildProcessException(0, $"could not start a child: {e.Message}");
            return RequestOutcome.Failed(new HandlerFailedException(_server.HandlerType, RequestPhase.Setup, request.ClientAddress, cause), aborted);
        }
        try
        {
            return await child.ServeAsync(request, _server.HandlerType, settings.ChildTimeout, aborted, finishing, Tls.ChildTls.Hocon(settings)).ConfigureAwait(false);
        }
        finally
        {
            if (child.IsUsable && !_closing.IsCancellationRequested)
                _idle.Writer.TryWrite(child);
            else
                _ = RetireAsync(child);
            Warm();
        }
    }

    /// <summary>A run begins with <paramref name="settings"/>: starts children until <c>warm-children</c> wait idle.</summary>
    public void Warm(ServerSettings settings)
    {
        _settings = settings;
        Warm();
    }

    /// <summary>Starts children in the background until <c>warm-children</c> wait idle (within <c>max-children</c>).</summary>
    private void Warm()
    {
        var settings = _settings;
        var wanted = Math.Min(settings.WarmChildren, settings.MaxChildren);
        while (!_closing.IsCancellationRequested && _idle.Reader.Count + Volatile.Read(ref _warming) < wanted && _slots.Wait(0))
        {
            Interlocked.Increment(ref _warming);
            _ = Task.Run(async () =>
            {
                try
                {
                    _idle.Writer.TryWrite(await StartInSlotAsync(_closing.Token).ConfigureAwait(false));
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

    /// <summary>An idle child if there is one, else a new one if a slot is free, else whichever of the two comes first.</summary>
    private async Task<ForkedProcess> TakeAsync(CancellationToken aborted)
    {
        while (true)
        {
            while (_idle.Reader.TryRead(out var idle))
            {
                if (idle.IsUsable)
                    return idle;
                _ = RetireAsync(idle);
            }
            if (_slots.Wait(0))
                return await StartInSlotAsync(aborted).ConfigureAwait(false);
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
            var slot = _slots.WaitAsync(waiting.Token);
            var idleChild = _idle.Reader.WaitToReadAsync(waiting.Token).AsTask();
            await Task.WhenAny(slot, idleChild).ConfigureAwait(false);
            waiting.Cancel();
            // The slot may have been granted in the same instant as the cancellation: it is ours then, so use it.
            if (await Succeeded(slot).ConfigureAwait(false))
                return await StartInSlotAsync(aborted).ConfigureAwait(false);
            aborted.ThrowIfCancellationRequested();
            if (_closing.IsCancellationRequested)
                throw new ChildProcessException(0, "the server is closing");
        }
    }

    private static async Task<bool> Succeeded(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Starts a child in a slot already taken, giving the slot back if the start fails.</summary>
    private async Task<ForkedProcess> StartInSlotAsync(CancellationToken aborted)
    {
        try
        {
            return await StartAsync(aborted).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }
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
        var quota = _settings.RequestsPerChild;
        var connected = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        _starting[startId] = connected;
        Process? process = null;
        try
        {
            process = Process.Start(ChildLauncher.StartInfo(_server.HandlerType, _controlPath, startId, quota))
                ?? throw new ChildProcessException(0, "the child process did not start");
            RuntimeLeftovers.RemoveWhenExited(process);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(aborted, _closing.Token);
            wait.CancelAfter(StartTimeout);
            var exited = process.WaitForExitAsync(wait.Token);
            if (await Task.WhenAny(connected.Task, exited).ConfigureAwait(false) != connected.Task)
            {
                await exited.ConfigureAwait(false);
                throw new ChildProcessException(process.Id, $"exited with code {process.ExitCode} before it was ready");
            }
            var child = new ForkedProcess(process, await connected.Task.ConfigureAwait(false), quota);
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

    /// <summary>Stops and reaps a child, then frees its slot; a child already being retired is left to that call.</summary>
    private async Task RetireAsync(ForkedProcess child)
    {
        if (!_live.TryRemove(child.ProcessId, out _))
            return;
        try
        {
            await child.RetireAsync().ConfigureAwait(false);
            _log.Debug("Child process {0} retired", child.ProcessId);
        }
        finally
        {
            _slots.Release();
            // The retired child's slot may be the one a warm child waits for.
            Warm();
        }
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
