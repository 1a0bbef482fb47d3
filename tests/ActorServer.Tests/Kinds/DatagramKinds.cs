using System.Net;
using ActorServer.Tests.Support;
using Akka.Actor;

namespace ActorServer.Tests.Kinds;

/// <summary>The datagram kinds: a datagram per request, a <see cref="DatagramRequestHandler"/>, a datagram client.</summary>
public abstract class DatagramKind : ServerKind
{
    public override Task<string> RoundTripAsync(EndPoint server, string line) => DatagramClient.RoundTripAsync(server, line);

    public override async Task<Sent> SendAsync(EndPoint server, string line)
    {
        using var client = DatagramClient.For(server);
        await client.SendAsync(line + "\n");
        return new Sent(client.LocalAddress, string.Empty);
    }
}

public sealed class UdpKind : DatagramKind
{
    public override SocketServer Create(ServerHooks hooks, ActorSystem system) =>
        new Hooked(new IPEndPoint(IPAddress.Loopback, 0), system, hooks);

    public override SocketServer CreateAt(EndPoint address, ActorSystem system) =>
        new UdpServer<ScriptedDatagramHandler>(address, system: system);

    private sealed class Hooked(EndPoint address, ActorSystem system, ServerHooks hooks)
        : UdpServer(address, typeof(ScriptedDatagramHandler), static () => new ScriptedDatagramHandler(), bindAndActivate: false, system, name: null)
    {
        protected override bool VerifyRequest(object request, EndPoint? clientAddress) => hooks.Verify(request, clientAddress);

        protected override void HandleTimeout() => hooks.TimedOut();
    }
}

public sealed class UnixDatagramKind : DatagramKind
{
    public override SocketServer Create(ServerHooks hooks, ActorSystem system) =>
        new Hooked(TempSocketPath.Next(), system, hooks);

    public override SocketServer CreateAt(EndPoint address, ActorSystem system) =>
        new UnixDatagramServer<ScriptedDatagramHandler>(address.ToString()!, system: system);

    private sealed class Hooked(string path, ActorSystem system, ServerHooks hooks)
        : UnixDatagramServer(path, typeof(ScriptedDatagramHandler), static () => new ScriptedDatagramHandler(), bindAndActivate: false, system, name: null)
    {
        protected override bool VerifyRequest(object request, EndPoint? clientAddress) => hooks.Verify(request, clientAddress);

        protected override void HandleTimeout() => hooks.TimedOut();
    }
}
