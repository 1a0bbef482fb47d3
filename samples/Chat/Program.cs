using ActorServer;
using ActorServer.Hosting;
using ActorServer.Samples.Chat;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A line-based chat over TCP: `nc localhost 9997`, type a nickname, then talk. Shared state lives in one ChatRoom
// actor of the host's actor system; each connection's handler tells and asks it.
var builder = Host.CreateApplicationBuilder(args);
var endpoint = builder.Configuration["endpoint"] ?? "127.0.0.1:9997";

builder.Services.AddSocketServerRegistry();
builder.Services.AddAkka("chat", akka => akka
    .ConfigureLoggers(loggers => loggers.AddLoggerFactory())
    .WithActors((system, registry) => registry.Register<ChatRoom>(system.ActorOf(Props.Create<ChatRoom>(), "chat-room")))
    .WithSocketServer<ChatHandler>("chat", options =>
    {
        options.Endpoint = endpoint;
        options.Mode = ServingMode.Threading;   // every member is connected at once
        options.DrainTimeout = TimeSpan.FromSeconds(2);
    }));

using var host = builder.Build();
await host.StartAsync();
var chat = host.Services.GetRequiredService<ISocketServerRegistry>()["chat"];
Console.WriteLine($"listening on {await chat.Bound}");
await host.WaitForShutdownAsync();
return 0;
