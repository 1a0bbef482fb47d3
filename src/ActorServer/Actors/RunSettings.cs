using ActorServer.Modes;

namespace ActorServer.Actors;

/// <summary>
/// Everything a serving run's actors read, frozen when the run starts: the server's settings, its mode, and the server
/// itself for its hooks (VerifyRequest, ServiceActions, AcceptRequestAsync) and handler factory. The actors never read the
/// server's settable properties, which refuse changes while it serves.
/// </summary>
internal sealed record RunSettings(SocketServer Server, ServerSettings Settings, ServerMode Mode)
{
    public int Capacity => Mode.Capacity(Settings);

    /// <summary>The run's TLS, where its handlers run in this process and the server speaks TLS.</summary>
    public ActorServer.Tls.TlsAuthenticator? Tls { get; init; }

    public TimeSpan DrainTimeout => Mode.DrainTimeout(Settings);

    public string? HandlerDispatcher => Mode.HandlerDispatcher(Settings);
}
