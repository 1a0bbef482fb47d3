namespace ActorServer;

/// <summary>
/// What a handler that throws does to its server: the supervision decision that replaces Python's <c>handle_error</c>.
/// HOCON: <c>on-handler-error = keep-serving | stop-server | escalate | restart-listener</c>.
/// </summary>
public enum HandlerErrorPolicy
{
    /// <summary>Log the error with the client address, close that request and keep serving (Python's default).</summary>
    KeepServing,

    /// <summary>Log the error and stop serving; <c>ServeForeverAsync</c> fails with a <see cref="HandlerFailedException"/>.</summary>
    StopServer,

    /// <summary>Escalate the failure to the supervisor of the server's guardian actor, as Akka's <c>Directive.Escalate</c>.</summary>
    Escalate,

    /// <summary>
    /// Log the error, close that request, and restart the server's listener actor, which accepts again only after a
    /// back-off (<see cref="SocketServer.ListenerBackoff"/>) that doubles with each failure in a row. Requests in flight go
    /// on, the listening socket stays bound (new clients wait in its backlog) and <c>ServeForeverAsync</c> keeps running:
    /// a handler that fails because something it needs is down stops taking clients for a while instead of failing them all.
    /// </summary>
    RestartListener,
}
