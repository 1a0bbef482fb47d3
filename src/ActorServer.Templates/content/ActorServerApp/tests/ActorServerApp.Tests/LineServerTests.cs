using System.Net;
using System.Net.Sockets;
using System.Text;
using ActorServer.Hosting;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActorServerApp.Tests;

/// <summary>The server as Program.cs starts it (server.conf, the host), on a free loopback port, with a real client.</summary>
public sealed class LineServerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task It_must_serve_a_request_over_tcp_with_the_settings_of_server_conf()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSocketServerRegistry();
        builder.Services.AddAkka("server-test", akka => akka.WithLineServer("127.0.0.1:0"));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var server = host.Services.GetRequiredService<ISocketServerRegistry>()[LineServer.Name];
            var address = (IPEndPoint)await server.Bound.WaitAsync(Patience);
            // server.conf's settings, read by the server.
            Assert.Equal(256, server.Server!.MaxConnections);
            Assert.Equal(TimeSpan.FromSeconds(30), server.Server.RequestTimeout);
            Assert.Equal(TimeSpan.FromSeconds(5), server.Server.FinishTimeout);

            using var timeout = new CancellationTokenSource(Patience);
            using var client = new TcpClient();
            await client.ConnectAsync(address, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes("hello\n"), timeout.Token);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            Assert.Equal("HELLO\n", await reader.ReadToEndAsync(timeout.Token));
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
