using System.Net;
using System.Net.Sockets;
using ActorServer.Tests.Support;
using Akka.Actor;

namespace ActorServer.Tests.Kinds;

/// <summary>The stream kinds: a connection per request, a <see cref="StreamRequestHandler"/>, a line client.</summary>
public abstract class StreamKind : ServerKind
{
    public override Task<string> RoundTripAsync(EndPoint server, string line) => LineClient.RoundTripAsync(server, line);

    public override async Task<Sent> SendAsync(EndPoint server, string line)
    {
        using var client = await LineClient.ConnectAsync(server);
        var local = client.Socket.LocalEndPoint;
        try
        {
            await client.SendAsync(line + "\n");
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.ConnectionAborted)
        {
            // A request the server refused (VerifyRequest) may be closed before the client sends: nothing came back.
            return new Sent(local, string.Empty);
        }
        return new Sent(local, await client.ReadToEndAsync(resetEnds: true));
    }
}

public sealed class TcpKind : StreamKind
{
    public override SocketServer Create(ServerHooks hooks, ActorSystem system) =>
        new Hooked(new IPEndPoint(IPAddress.Loopback, 0), system, hooks);

    public override SocketServer CreateAt(EndPoint address, ActorSystem system) =>
        new TcpServer<ScriptedStreamHandler>(address, system: system);

    private sealed class Hooked(EndPoint address, ActorSystem system, ServerHooks hooks)
        : TcpServer(address, typeof(ScriptedStreamHandler), static () => new ScriptedStreamHandler(), bindAndActivate: false, system, name: null)
    {
        protected override bool VerifyRequest(object request, EndPoint? clientAddress) => hooks.Verify(request, clientAddress);

        protected override void HandleTimeout() => hooks.TimedOut();
    }
}

public sealed class UnixStreamKind : StreamKind
{
    public override SocketServer Create(ServerHooks hooks, ActorSystem system) =>
        new Hooked(TempSocketPath.Next(), system, hooks);

    public override SocketServer CreateAt(EndPoint address, ActorSystem system) =>
        new UnixStreamServer<ScriptedStreamHandler>(address.ToString()!, system: system);

    private sealed class Hooked(string path, ActorSystem system, ServerHooks hooks)
        : UnixStreamServer(path, typeof(ScriptedStreamHandler), static () => new ScriptedStreamHandler(), bindAndActivate: false, system, name: null)
    {
        protected override bool VerifyRequest(object request, EndPoint? clientAddress) => hooks.Verify(request, clientAddress);

        protected override void HandleTimeout() => hooks.TimedOut();
    }
}
