using System.Buffers;
using System.Diagnostics;
using System.Net.Sockets;
using ActorServer.Actors;

namespace ActorServer.Modes.Forking;

/// <summary>
/// The server's handle on one child process: hands it a request, waits for its answer under the child timeout,
/// and turns a crash, a non-zero exit, a signal or a hang into a <see cref="ChildProcessException"/>. A request the
/// server gives up on (its request-timeout or finish-timeout passed, or shutdown's drain) is ended by killing the child.
/// </summary>
internal sealed class ForkedProcess : IDisposable
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private readonly Process _process;
    private readonly Socket _control;
    private readonly int _quota;
    private int _served;
    private bool _broken;

    public ForkedProcess(Process process, Socket control, int quota)
    {
        _process = process;
        _control = control;
        _quota = quota;
        ProcessId = process.Id;
    }

    public int ProcessId { get; }

    /// <summary>True while the child can take another request.</summary>
    public bool IsUsable => !_broken && (_quota == 0 || _served < _quota) && !_process.HasExited;

    /// <param name="finishing">Called when the child says the handler's Finish has begun; null: the child is not asked to.</param>
    /// <param name="tls">The server's TLS settings as HOCON, for the child to run the handshake; null without TLS.</param>
    public async Task<RequestOutcome> ServeAsync(AcceptedRequest request, Type handlerType, TimeSpan? timeout, CancellationToken aborted, Action? finishing, string? tls)
    {
        var header = new ChildProtocol.RequestHeader(request.IsDatagram, ChildProtocol.AddressText(request.ClientAddress), request.PacketForChild, finishing is not null, tls);
        try
        {
            FdPassing.Send(_control, ChildProtocol.Request(header), request.DescriptorForChild);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _broken = true;
            return Failed(RequestPhase.Setup, $"could not hand the request over: {e.Message}");
        }
        request.HandOff();
        _served++;

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        if (timeout is { } limit)
            deadline.CancelAfter(limit);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var length = await _control.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            if (length > 0 && finishing is not null && ChildProtocol.IsFinishing(buffer.AsSpan(0, length)))
            {
                finishing();
                length = await _control.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            }
            if (length == 0)
            {
                _broken = true;
                return Failed(RequestPhase.Handle, await DescribeExitAsync().ConfigureAwait(false));
            }
            var reply = ChildProtocol.ReadReply(buffer.AsSpan(0, length));
            request.CountedInChild(reply.BytesReceived, reply.BytesSent);
            if (reply.HandshakeFailure is { } handshake)
                return RequestOutcome.HandshakeFailed(handshake);
            if (reply.FailedIn is not { } phase)
                return RequestOutcome.Completed;
            var cause = new ChildProcessException(ProcessId, $"{reply.ExceptionType}: {reply.Message}", reply.ExceptionType, reply.StackTrace, reply.ClientFault);
            return RequestOutcome.Failed(new HandlerFailedException(handlerType, phase, request.ClientAddress, cause), aborted);
        }
        catch (OperationCanceledException)
        {
            _broken = true;
            Kill();
            if (aborted.IsCancellationRequested)
                return new RequestOutcome(new HandlerFailedException(handlerType, RequestPhase.Handle, request.ClientAddress,
                    new ChildProcessException(ProcessId, "killed, as its request was cancelled")), Cancelled: true);
            return Failed(RequestPhase.Handle, $"hung past the child timeout of {timeout!.Value.TotalMilliseconds:0} ms; killed");
        }
        catch (SocketException e)
        {
            _broken = true;
            return Failed(RequestPhase.Handle, $"{await DescribeExitAsync().ConfigureAwait(false)} ({e.SocketErrorCode})");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        RequestOutcome Failed(RequestPhase phase, string message) =>
            RequestOutcome.Failed(new HandlerFailedException(handlerType, phase, request.ClientAddress, new ChildProcessException(ProcessId, message)), aborted);
    }

    /// <summary>How the child ended, once it has: its exit code, or the signal that killed it.</summary>
    private async Task<string> DescribeExitAsync()
    {
        using var wait = new CancellationTokenSource(ExitGrace);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            return "closed its channel but did not exit; killed";
        }
        var code = _process.ExitCode;
        return code > 128 && code < 128 + 32
            ? $"crashed: killed by signal {code - 128} ({SignalName(code - 128)})"
            : $"exited with code {code} during the request";
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => "signal " + signal,
    };

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
    }

    /// <summary>Lets the child go: closing its channel tells an idle child to exit; one that does not is killed.</summary>
    public async Task RetireAsync()
    {
        _control.Dispose();
        using var wait = new CancellationTokenSource(ExitGrace);
        try
        {
            await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        _process.Dispose();
    }

    public void Dispose()
    {
        Kill();
        _control.Dispose();
        _process.Dispose();
    }
}
