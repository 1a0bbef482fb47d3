using System.Net;
using ActorServer.Tests.Support;
using Akka.Actor;

namespace ActorServer.Tests.Kinds;

/// <summary>The datagram kinds: a datagram per request, a <see cref="DatagramRequestHandler"/>, a datagram client.</summary>
public abstract class DatagramKind : ServerKind
{
    public override Func<BaseRequestHandler> Lines(LineBehaviour behaviour) => () => new DatagramLineHandler(behaviour);

    public override Task<string> RoundTripAsync(EndPoint server, string line) => DatagramClient.RoundTripAsync(server, line);

    public override async Task SendUnansweredAsync(EndPoint server, string line)
    {
        using var client = DatagramClient.For(server);
        await client.SendAsync(line + "\n");
    }
}

public sealed class UdpKind : DatagramKind
{
    public override SocketServer Create(Func<BaseRequestHandler> handlers, ServerHooks hooks, ActorSystem system) =>
        new Hooked(new IPEndPoint(IPAddress.Loopback, 0), handlers, system, hooks);

    public override SocketServer CreateAt(EndPoint address, Func<BaseRequestHandler> handlers, ActorSystem system) =>
        new UdpServer(address, handlers, system: system);

    private sealed class Hooked(EndPoint address, Func<BaseRequestHandler> handlers, ActorSystem system, ServerHooks hooks)
        : UdpServer(address, typeof(BaseRequestHandler), handlers, bindAndActivate: false, system, name: null)
    {
        protected override bool VerifyRequest(object request, EndPoint? clientAddress) => hooks.Verify(request, clientAddress);

        protected override void HandleTimeout() => hooks.TimedOut();
    }
}

public sealed class UnixDatagramKind : DatagramKind
{
    public override SocketServer Create(Func<BaseRequestHandler> handlers, ServerHooks hooks, ActorSystem system) =>
        new Hooked(TempSocketPath.Next(), handlers, system, hooks);

    public override SocketServer CreateAt(EndPoint address, Func<BaseRequestHandler> handlers, ActorSystem system) =>
        new UnixDatagramServer(address.ToString()!, handlers, system: system);

    private sealed class Hooked(string path, Func<BaseRequestHandler> handlers, ActorSystem system, ServerHooks hooks)
        : UnixDatagramServer(path, typeof(BaseRequestHandler), handlers, bindAndActivate: false, system, name: null)
    {
        protected override bool VerifyRequest(object request, EndPoint? clientAddress) => hooks.Verify(request, clientAddress);

        protected override void HandleTimeout() => hooks.TimedOut();
    }
}
