using ActorServer.Hosting;
using Akka.Configuration;
using Akka.Hosting;

namespace ActorServerApp;

/// <summary>The app's socket server, as <c>Program.cs</c> starts it and the tests start it.</summary>
public static class LineServer
{
    /// <summary>The server's name: its settings are <c>actor-server.servers.lines</c> in server.conf.</summary>
    public const string Name = "lines";

    /// <summary>Adds the server with server.conf's settings, on <paramref name="endpoint"/> instead of the file's
    /// endpoint when one is given (<c>127.0.0.1:0</c> in tests: any free port).</summary>
    public static AkkaConfigurationBuilder WithLineServer(this AkkaConfigurationBuilder akka, string? endpoint = null) => akka
        // Before WithSocketServer, which checks its options over the configuration added so far.
        .AddHocon(ConfigurationFactory.ParseString(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "server.conf"))), HoconAddMode.Prepend)
        .WithSocketServer<LineHandler>(Name, options => options.Endpoint = endpoint);
}
