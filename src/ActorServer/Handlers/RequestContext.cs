using System.Net;
using ActorServer.Transport;
using Akka.Streams;

namespace ActorServer;

/// <summary>What a handler instance is given for its one request.</summary>
/// <param name="Request">Python's <c>self.request</c>: the connected socket for stream servers.</param>
/// <param name="ClientAddress">Python's <c>self.client_address</c>.</param>
/// <param name="Server">The server that accepted the request; null only under a handler test harness.</param>
/// <param name="Channel">The request's bytes, for stream handlers.</param>
/// <param name="RequestAborted">Fires when the server gives up on the request (shutdown past its drain timeout, a request or finish timeout).</param>
/// <param name="Finishing">Called as the handler's Finish begins, so its connection actor can time that phase.</param>
/// <param name="Materializer">What flow handlers run their flow with: the connection actor's own, so that its stop tears
/// the flow down; null where there is none (a handler that is not a flow, or one made by an untyped factory).</param>
/// <param name="TlsAuthenticator">The TLS handshake still to run before the handler sees the request; null without TLS
/// (or once it ran).</param>
/// <param name="Tls">What the request's TLS handshake negotiated; null without TLS.</param>
internal sealed record RequestContext(
    object Request,
    EndPoint? ClientAddress,
    SocketServer? Server,
    IDuplexChannel? Channel,
    CancellationToken RequestAborted,
    Action? Finishing = null,
    IMaterializer? Materializer = null,
    ActorServer.Tls.TlsAuthenticator? TlsAuthenticator = null,
    TlsInfo? Tls = null);
