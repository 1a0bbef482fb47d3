using System.CommandLine;
using System.Net;
using ActorServer;
using ActorServer.Samples;
using ActorServer.Samples.TlsEcho;

// The upper-case echo over TLS: `openssl s_client -connect 127.0.0.1:9999` talks to it.
var host = SampleOptions.Host();
var port = SampleOptions.Port();
var mode = SampleOptions.Mode();
var cert = new Option<FileInfo>("--cert") { Description = "The server's certificate (PEM)", Required = true };
var key = new Option<FileInfo>("--key") { Description = "Its private key (PEM)", Required = true };

var root = new RootCommand("ActorServer TLS echo: replies to each line upper-cased, over TLS") { host, port, mode, cert, key };
root.SetAction((parsed, _) => StartupFailure.ExitCodeOfAsync(async () =>
{
    using var stop = new StopSignal();
    await using var server = new TcpServer<UpperCaseLines>(new DnsEndPoint(parsed.GetValue(host)!, parsed.GetValue(port)), bindAndActivate: false)
    {
        Mode = parsed.GetValue(mode),
        AllowReuseAddress = true,
        Tls = new TlsSettings { Certificate = new() { Path = parsed.GetValue(cert)!.FullName, KeyPath = parsed.GetValue(key)!.FullName } },
    };
    server.ServerBind();
    server.ServerActivate();
    Console.WriteLine($"listening on {server.ServerAddress}");
    await server.ServeForeverAsync(stop.Token);
}));
return await root.Parse(args).InvokeAsync();
