using System.Net;
using ActorServer.Tests.Support;
using Akka.Actor;

namespace ActorServer.Tests.Kinds;

/// <summary>
/// One server kind as the shared lifecycle suite sees it: how to make a server of it on a fresh address, its handler
/// family, and its client. Each kind is a subclass; the suite runs once per kind.
/// </summary>
public abstract class ServerKind
{
    /// <summary>A server on a fresh address (port 0 or a new temp path), not yet bound, so a test can set options first.</summary>
    public abstract SocketServer Create(Func<BaseRequestHandler> handlers, ServerHooks hooks, ActorSystem system);

    /// <summary>A bound server at <paramref name="address"/>, which an earlier server had.</summary>
    public abstract SocketServer CreateAt(EndPoint address, Func<BaseRequestHandler> handlers, ActorSystem system);

    /// <summary>This kind's handler running <paramref name="behaviour"/> on the request's first line.</summary>
    public abstract Func<BaseRequestHandler> Lines(LineBehaviour behaviour);

    /// <summary>Sends <paramref name="line"/> and returns the server's reply.</summary>
    public abstract Task<string> RoundTripAsync(EndPoint server, string line);

    /// <summary>Sends a line the server will not answer (refused, or its handler fails). A stream client also checks that
    /// the server closed the connection without a reply; a datagram client has nothing to wait for.</summary>
    public abstract Task SendUnansweredAsync(EndPoint server, string line);

    public override string ToString() => GetType().Name;
}
