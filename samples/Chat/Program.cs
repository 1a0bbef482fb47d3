using ActorServer;
using ActorServer.Hosting;
using ActorServer.Samples;
using ActorServer.Samples.Chat;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A line-based chat over TCP: `nc localhost 9997`, type a nickname, then talk. Shared state lives in one ChatRoom
// actor of the host's actor system; each connection's handler tells and asks it (ChatHosting.WithChat). It is also the
// example of back-pressure: a member that does not read is disconnected, a member that writes fast waits for the room.
var builder = Host.CreateApplicationBuilder(args);
var endpoint = builder.Configuration["endpoint"] ?? "127.0.0.1:9997";

builder.Services.AddSocketServerRegistry();
builder.Services.AddAkka("chat", akka => akka
    .ConfigureLoggers(loggers => loggers.AddLoggerFactory())
    .WithChat(endpoint));

using var host = builder.Build();
// A bad endpoint or a port in use: one line naming the key and value, exit code 1.
return await StartupFailure.ExitCodeOfAsync(async () =>
{
    await host.StartAsync();
    var chat = host.Services.GetRequiredService<ISocketServerRegistry>()["chat"];
    Console.WriteLine($"listening on {await chat.Bound}");
    await host.WaitForShutdownAsync();
});
