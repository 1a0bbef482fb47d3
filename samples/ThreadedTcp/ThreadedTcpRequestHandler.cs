using System.Net.Sockets;
using System.Text;

namespace ActorServer.Samples.ThreadedTcp;

/// <summary>The seed's ThreadingMixIn handler: answers with the name of the thread that served the request.</summary>
public sealed class ThreadedTcpRequestHandler : BaseRequestHandler
{
    public override void Handle()
    {
        var socket = (Socket)Request;
        var buffer = new byte[1024];
        var data = Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer));
        socket.Send(Encoding.ASCII.GetBytes($"{Thread.CurrentThread.Name}: {data}"));
    }
}
