using ActorServer;
using ActorServer.Hosting;
using ActorServerApp;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;

// A socket server in a generic host, set up by server.conf. `dotnet run -- --endpoint 127.0.0.1:9000` listens
// elsewhere; Ctrl-C or SIGTERM stops it gracefully (requests in flight get server.conf's drain-timeout to finish).
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSocketServerRegistry();
builder.Services.AddAkka("server", akka => akka
    .ConfigureLoggers(loggers => loggers.AddLoggerFactory())   // Akka's and the server's logs through the host's logging
    .WithLineServer(builder.Configuration["endpoint"]));

using var host = builder.Build();
// A bad setting in server.conf or an address in use: one line naming the cause, and exit code 1.
return await StartupFailure.ExitCodeOfAsync(() => host.RunAsync());
