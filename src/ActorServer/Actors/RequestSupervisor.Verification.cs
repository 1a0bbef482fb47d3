using Akka.Event;

namespace ActorServer.Actors;

// Python's verify_request, and the peer credentials an abstract Unix socket checks in place of a file's mode: a request
// refused here is closed before any handler or actor exists for it.
internal sealed partial class RequestSupervisor
{
    private bool Verified(RunSettings run, AcceptedRequest request)
    {
        if (run.Server.PeerRefusal(request.Request, run.Settings) is { } refusal)
        {
            _clientFaults?.Warning("peer refused", ServerEvents.Refused + " server={0} client={1} by=peer-credentials: refused a connection: {2}",
                run.Server.Name, HandlerFailedException.ClientText(request.ClientAddress), refusal);
            run.Server.Stats.CountRefused("peer_credentials");
            request.Close();
            return false;
        }
        bool verified;
        try
        {
            verified = run.Server.InvokeVerifyRequest(request.Request, request.ClientAddress);
        }
        catch (Exception e)
        {
            _log.Error(e, "VerifyRequest threw for client {0}; the request is refused", HandlerFailedException.ClientText(request.ClientAddress));
            verified = false;
        }
        if (!verified)
        {
            _log.Debug(ServerEvents.Refused + " server={0} client={1} by=VerifyRequest", run.Server.Name, HandlerFailedException.ClientText(request.ClientAddress));
            run.Server.Stats.CountRefused("verify_request");
            request.Close();
        }
        return verified;
    }
}
