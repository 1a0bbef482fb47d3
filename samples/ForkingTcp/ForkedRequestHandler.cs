using System.Net.Sockets;
using System.Text;

namespace ActorServer.Samples.ForkingTcp;

/// <summary>Answers with the id of the process that served the request: a child, never the server.</summary>
public sealed class ForkedRequestHandler : BaseRequestHandler
{
    public override void Handle()
    {
        var socket = (Socket)Request;
        var buffer = new byte[1024];
        var data = Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer));
        socket.Send(Encoding.ASCII.GetBytes($"pid {Environment.ProcessId}: {data}"));
    }
}
