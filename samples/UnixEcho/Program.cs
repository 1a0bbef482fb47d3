using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.UnixEcho;

// The echo on a Unix socket file: UnixStreamServer by default, UnixDatagramServer with --datagram.
// With --send it is the client instead: it sends one line to the server at --path and prints the reply.
var path = new Option<string>("--path") { Description = "The socket file", DefaultValueFactory = _ => "/tmp/actor-server-echo.sock" };
var datagram = new Option<bool>("--datagram") { Description = "Datagrams instead of a stream" };
var mode = SampleOptions.Mode();
var send = new Option<string?>("--send") { Description = "Be the client: send this line and print the reply" };

var root = new RootCommand("ActorServer Unix echo: replies with the client's data upper-cased") { path, datagram, mode, send };
root.SetAction(async (parsed, cancellationToken) =>
{
    var socketPath = parsed.GetValue(path)!;
    var isDatagram = parsed.GetValue(datagram);
    if (parsed.GetValue(send) is { } line)
        return await Client.SendAsync(socketPath, isDatagram, line, cancellationToken);

    using var stop = new StopSignal();
    await using SocketServer server = isDatagram
        ? new UnixDatagramServer<MyUnixDatagramHandler>(socketPath, bindAndActivate: false)
        : new UnixStreamServer<MyUnixStreamHandler>(socketPath, bindAndActivate: false);
    server.Mode = parsed.GetValue(mode);
    server.ServerBind();
    server.ServerActivate();
    Console.WriteLine($"listening on {server.ServerAddress}");
    await server.ServeForeverAsync(stop.Token);
    return 0;
});
return await root.Parse(args).InvokeAsync();

internal static class Client
{
    public static async Task<int> SendAsync(string serverPath, bool datagram, string data, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, datagram ? SocketType.Dgram : SocketType.Stream, ProtocolType.Unspecified);
        var server = new UnixDomainSocketEndPoint(serverPath);
        // A datagram client binds a path of its own, or the server has no address to reply to.
        var ownPath = datagram ? Path.Combine(Path.GetTempPath(), $"actor-server-client-{Environment.ProcessId}.sock") : null;
        var bytes = Encoding.UTF8.GetBytes(data + "\n");
        if (ownPath is not null)
        {
            socket.Bind(new UnixDomainSocketEndPoint(ownPath));
            await socket.SendToAsync(bytes, SocketFlags.None, server, cancellationToken);
        }
        else
        {
            await socket.ConnectAsync(server, cancellationToken);
            await socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
        }
        var buffer = new byte[1024];
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        Console.WriteLine($"Sent:     {data}");
        Console.WriteLine($"Received: {Encoding.UTF8.GetString(buffer, 0, received)}");
        return 0;
    }
}
