using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Samples;

// The seed's UDP client: send the arguments as one datagram, print the datagram that comes back.
var host = SampleOptions.Host();
var port = SampleOptions.Port();
var wait = new Option<double>("--timeout") { Description = "Seconds to wait for the reply", DefaultValueFactory = _ => 5 };
var words = new Argument<string[]>("data") { Description = "The words to send", Arity = ArgumentArity.ZeroOrMore };

var root = new RootCommand("Sends one datagram to a UDP echo server and prints the reply") { host, port, wait, words };
root.SetAction(async (parsed, cancellationToken) =>
{
    var data = string.Join(" ", parsed.GetValue(words) ?? []);
    var addresses = await Dns.GetHostAddressesAsync(parsed.GetValue(host)!, cancellationToken);
    // IPv4 first, as the server resolves the same name.
    var address = addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).First();
    using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    await socket.SendToAsync(Encoding.UTF8.GetBytes(data + "\n"), SocketFlags.None, new IPEndPoint(address, parsed.GetValue(port)), cancellationToken);
    var buffer = new byte[1024];
    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    timeout.CancelAfter(TimeSpan.FromSeconds(parsed.GetValue(wait)));
    int received;
    try
    {
        received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
    }
    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
    {
        Console.Error.WriteLine($"No reply from {address}:{parsed.GetValue(port)} within {parsed.GetValue(wait)} s (is the server running?)");
        return 1;
    }
    Console.WriteLine($"Sent:     {data}");
    Console.WriteLine($"Received: {Encoding.UTF8.GetString(buffer, 0, received)}");
    return 0;
});
return await root.Parse(args).InvokeAsync();
