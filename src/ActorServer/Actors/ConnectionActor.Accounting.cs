namespace ActorServer.Actors;

// What a request's life adds to its server's status, metrics and log: opened, failed or timed out, closed.
internal sealed partial class ConnectionActor
{
    /// <summary>What ended the request, as the metrics' <c>error.type</c>; null while none did, or for a normal end.</summary>
    private string? _endedBy;

    private void Opened()
    {
        _run.Server.Stats.Opened(_request);
        ServerEvents.LogAccepted(_run.Server.ServerLog, _run.Server.Name, _request.ClientAddress);
    }

    private void Failed(HandlerFailedException failure)
    {
        _endedBy = failure.InnerException?.GetType().FullName ?? nameof(HandlerFailedException);
        _run.Server.Stats.CountFailed(_run.Settings.OnHandlerError, _endedBy);
    }

    /// <param name="setting">The timeout's HOCON key (<c>request-timeout</c>, <c>finish-timeout</c>), the error type.</param>
    private void TimedOutAt(string setting)
    {
        _endedBy = setting;
        _run.Server.Stats.CountTimedOut();
    }

    private void Closed()
    {
        _run.Server.Stats.Closed(_request, _endedBy);
        ServerEvents.LogClosed(_run.Server.ServerLog, _run.Server.Name, _request, _endedBy);
    }
}
