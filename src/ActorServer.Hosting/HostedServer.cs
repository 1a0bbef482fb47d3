namespace ActorServer.Hosting;

/// <summary>One <c>WithSocketServer</c> call: the server's name, its handler, and the ActorRegistry key it asked for, if any.</summary>
internal sealed record HostedServer(string Name, Type HandlerType, Type? Key);
