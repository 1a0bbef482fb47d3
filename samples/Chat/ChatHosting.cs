using Akka.Actor;
using Akka.Hosting;
using ActorServer.Hosting;

namespace ActorServer.Samples.Chat;

/// <summary>The chat as one Akka.Hosting call, for the sample's host and for tests that start the chat in their own.</summary>
public static class ChatHosting
{
    /// <summary>Adds the <see cref="ChatRoom"/> actor (registered, so that handlers get it injected) and the <c>chat</c>
    /// server on <paramref name="endpoint"/>.</summary>
    public static AkkaConfigurationBuilder WithChat(this AkkaConfigurationBuilder builder, string endpoint) => builder
        .WithActors((system, registry) => registry.Register<ChatRoom>(system.ActorOf(Props.Create<ChatRoom>(), "chat-room")))
        .WithSocketServer<ChatHandler>("chat", options =>
        {
            options.Endpoint = endpoint;
            options.Mode = ServingMode.Threading;   // every member is connected at once
            options.DrainTimeout = TimeSpan.FromSeconds(2);
        });
}
