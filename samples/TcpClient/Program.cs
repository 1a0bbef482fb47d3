using System.CommandLine;
using System.Net.Sockets;
using System.Text;
using ActorServer.Samples;

// The seed's TCP client: connect, send the arguments as one line, print what comes back.
var host = SampleOptions.Host();
var port = SampleOptions.Port();
var words = new Argument<string[]>("data") { Description = "The words to send", Arity = ArgumentArity.ZeroOrMore };

var root = new RootCommand("Sends one line to a TCP echo server and prints the reply") { host, port, words };
root.SetAction(async (parsed, cancellationToken) =>
{
    var data = string.Join(" ", parsed.GetValue(words) ?? []);
    using var client = new TcpClient();
    await client.ConnectAsync(parsed.GetValue(host)!, parsed.GetValue(port), cancellationToken);
    var socket = client.Client;
    await socket.SendAsync(Encoding.UTF8.GetBytes(data + "\n"), SocketFlags.None, cancellationToken);
    var buffer = new byte[1024];
    var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
    Console.WriteLine($"Sent:     {data}");
    Console.WriteLine($"Received: {Encoding.UTF8.GetString(buffer, 0, received)}");
    return 0;
});
return await root.Parse(args).InvokeAsync();
