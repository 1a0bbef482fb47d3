using System.Net;
using ActorServer.Tests.Support;
using Akka.Actor;

namespace ActorServer.Tests.Kinds;

/// <summary>
/// One server kind as the shared lifecycle suite sees it: how to make a server of it on a fresh address, and its
/// client. Every server it makes serves with the kind's scripted handler (see <see cref="Script"/>), given as a type so
/// that forking mode can run it in a child. Each kind is a subclass; the suite runs once per kind and mode.
/// </summary>
public abstract class ServerKind
{
    /// <summary>A server on a fresh address (port 0 or a new temp path), not yet bound, so a test can set options first.</summary>
    public abstract SocketServer Create(ServerHooks hooks, ActorSystem system);

    /// <summary>A bound server at <paramref name="address"/>, which an earlier server had.</summary>
    public abstract SocketServer CreateAt(EndPoint address, ActorSystem system);

    /// <summary>Sends <paramref name="line"/> and returns the server's reply.</summary>
    public abstract Task<string> RoundTripAsync(EndPoint server, string line);

    /// <summary>Sends <paramref name="line"/> from a new client and returns what it got before the server was done with
    /// it: a stream client reads until the server closes the connection; a datagram client does not wait, having no
    /// connection that could end (its reply, if any, is left unread).</summary>
    public abstract Task<Sent> SendAsync(EndPoint server, string line);

    /// <summary>Sends a line the server will not answer (refused, or its handler fails or is cut off). A stream client
    /// also checks that the server closed the connection without a reply; a datagram client has nothing to wait for.</summary>
    /// <returns>The client's address, as the server logs it.</returns>
    public async Task<string> SendUnansweredAsync(EndPoint server, string line)
    {
        var sent = await SendAsync(server, line);
        Assert.Equal(string.Empty, sent.Reply);
        return sent.ClientName;
    }

    public override string ToString() => GetType().Name;
}

/// <summary>What a client of <see cref="ServerKind.SendAsync"/> got back, and its own address.</summary>
/// <param name="Client">The client's local address: a loopback port, a temp socket path, or an unnamed Unix socket.</param>
public sealed record Sent(EndPoint? Client, string Reply)
{
    /// <summary>The client as the server's log lines name it.</summary>
    public string ClientName => HandlerFailedException.ClientText(ClientAddresses.Named(Client));
}
