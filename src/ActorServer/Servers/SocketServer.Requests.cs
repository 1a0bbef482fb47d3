using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using ActorServer.Actors;
using Akka.Event;

namespace ActorServer;

// Python's per-request hooks of BaseServer (process_request, finish_request, shutdown_request, close_request,
// handle_error), overridable as there. A server that overrides neither ProcessRequestAsync nor FinishRequestAsync runs
// its handlers without them (the hot path); one that does gets every request through them.
public abstract partial class SocketServer
{
    private bool? _hooksRequests;
    private readonly ConcurrentDictionary<object, Func<Task<RequestOutcome>>> _handlerRuns = new(ReferenceEqualityComparer.Instance);

    /// <summary>Python's <c>address_family</c>: the family of <see cref="Socket"/>. Read-only: the address given to the
    /// constructor decides it (an IPv6 address, <c>[::]</c> or <c>[::1]</c>, gives <see cref="AddressFamily.InterNetworkV6"/>).</summary>
    public AddressFamily AddressFamily => Socket.AddressFamily;

    /// <summary>Python's <c>socket_type</c>: the type of <see cref="Socket"/>. Read-only: the kind decides it (stream
    /// for TCP and Unix stream, datagram for UDP and Unix datagram).</summary>
    public SocketType SocketType => Socket.SocketType;

    /// <summary>
    /// Python's <c>process_request(request, client_address)</c>: serves one request by calling
    /// <see cref="FinishRequestAsync"/>; the server calls <see cref="ShutdownRequest"/> when it returns or throws.
    /// Override to do work around every request (timing, auditing). Where it runs is the mode's choice, not this
    /// method's: synchronous on the thread pool, one request at a time; threading on the handler dispatcher; forking in
    /// the server's process while a child runs the handler. An exception it throws is a handler failure
    /// (<see cref="HandleError"/>, then the <c>on-handler-error</c> policy).
    /// </summary>
    protected virtual Task ProcessRequestAsync(object request, EndPoint? clientAddress, CancellationToken cancellationToken) =>
        FinishRequestAsync(request, clientAddress, cancellationToken);

    /// <summary>
    /// Python's <c>finish_request(request, client_address)</c>: creates the request's handler and runs
    /// Setup → Handle → Finish; in forking mode it hands the request to a child process, which runs the handler, and
    /// completes when the child is done. A handler's failure is thrown as <see cref="HandlerFailedException"/>.
    /// Override to wrap it, or to serve a request without a handler; call the base at most once per request.
    /// </summary>
    /// <exception cref="InvalidOperationException"><paramref name="request"/> is not a request of this server in flight, or its handler already ran.</exception>
    protected virtual async Task FinishRequestAsync(object request, EndPoint? clientAddress, CancellationToken cancellationToken)
    {
        if (!_handlerRuns.TryRemove(request, out var run))
            throw new InvalidOperationException($"Server {Name}: FinishRequestAsync was given a request that is not in flight here, or whose handler already ran.");
        var outcome = await run().ConfigureAwait(false);
        if (outcome.Failure is { } failure)
            throw failure;
    }

    /// <summary>Python's <c>shutdown_request(request)</c>: ends a request once it is served (or refused by
    /// <see cref="VerifyRequest"/>). A stream server shuts down its side of the connection, so the client sees the end
    /// of its data, then calls <see cref="CloseRequest"/>; a datagram server only calls <see cref="CloseRequest"/>.</summary>
    protected virtual void ShutdownRequest(object request) => CloseRequest(request);

    /// <summary>Python's <c>close_request(request)</c>: releases the request. A stream server closes the connected
    /// socket; a datagram's socket is the server's, so a datagram server does nothing. In forking mode the server calls
    /// only this once the child has the connection, as Python's parent does after <c>fork()</c>.</summary>
    protected virtual void CloseRequest(object request)
    {
    }

    /// <summary>
    /// Python's <c>handle_error(request, client_address)</c>: called in the server's process when a request fails,
    /// before the <c>on-handler-error</c> policy decides what the failure does to the server. The default logs the
    /// handler's exception with the client's address at Error; a client's fault (a reset, a silent client past its
    /// timeout) is a rate-limited warning instead, and never stops the server, whatever the policy.
    /// An exception thrown here is logged and the policy still applies.
    /// </summary>
    /// <param name="exception">The failure: its <see cref="Exception.InnerException"/> is the handler's own exception,
    /// <see cref="HandlerFailedException.Phase"/> says where it was thrown.</param>
    protected virtual void HandleError(object request, EndPoint? clientAddress, HandlerFailedException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var client = HandlerFailedException.ClientText(clientAddress);
        if (ClientFault.Is(exception.InnerException))
            ClientFaults.Warning("request ended by the client", ServerEvents.ClientFault + " server={0} client={1}: Request from {1} ended by the client in {2}: {3}",
                Name, client, exception.Phase, exception.InnerException?.Message);
        else
            Log.Error(exception.InnerException, ServerEvents.Failed + " server={0} client={1}: Exception occurred during processing of request from {1} ({2} in {3})",
                Name, client, exception.HandlerType.Name, exception.Phase);
    }

    /// <summary>True when this server's class overrides <see cref="ProcessRequestAsync"/> or <see cref="FinishRequestAsync"/>.</summary>
    internal bool HooksRequests => _hooksRequests ??= Overrides(nameof(ProcessRequestAsync)) || Overrides(nameof(FinishRequestAsync));

    private bool Overrides(string method) =>
        GetType().GetMethod(method, BindingFlags.Instance | BindingFlags.NonPublic)!.DeclaringType != typeof(SocketServer);

    /// <summary>Serves <paramref name="request"/> through <see cref="ProcessRequestAsync"/>, whose <see cref="FinishRequestAsync"/>
    /// runs <paramref name="handler"/>; every exception becomes the request's outcome.</summary>
    internal async Task<RequestOutcome> ProcessThroughHooksAsync(AcceptedRequest request, Func<Task<RequestOutcome>> handler, CancellationToken aborted)
    {
        _handlerRuns[request.Request] = handler;
        try
        {
            await ProcessRequestAsync(request.Request, request.ClientAddress, aborted).ConfigureAwait(false);
            return RequestOutcome.Completed;
        }
        catch (HandlerFailedException e)
        {
            return RequestOutcome.Failed(e, aborted);
        }
        catch (Exception e)
        {
            return RequestOutcome.Failed(new HandlerFailedException(HandlerType, RequestPhase.Handle, request.ClientAddress, e), aborted);
        }
        finally
        {
            _handlerRuns.TryRemove(request.Request, out _);
        }
    }

    internal void InvokeShutdownRequest(object request) => Guarded(ShutdownRequest, request, nameof(ShutdownRequest));

    internal void InvokeCloseRequest(object request) => Guarded(CloseRequest, request, nameof(CloseRequest));

    internal void InvokeHandleError(AcceptedRequest request, HandlerFailedException failure)
    {
        try
        {
            HandleError(request.Request, request.ClientAddress, failure);
        }
        catch (Exception e)
        {
            Log.Error(e, "HandleError threw for the request from {0} (whose own failure was {1}); the on-handler-error policy applies",
                HandlerFailedException.ClientText(request.ClientAddress), failure.Message);
        }
    }

    /// <summary>A user's override that throws must not leave a request open: the error is logged, and the request's
    /// socket closed.</summary>
    private void Guarded(Action<object> hook, object request, string name)
    {
        try
        {
            hook(request);
        }
        catch (Exception e)
        {
            Log.Error(e, "{0} threw; the request is closed anyway", name);
            (request as Socket)?.Dispose();
        }
    }
}
