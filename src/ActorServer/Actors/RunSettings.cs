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

    /// <summary>True when the mode runs each handler on its request's own actor rather than on a handler dispatcher;
    /// decided once per run, as it looks at the handler class.</summary>
    public bool HandlerRunsOnActor { get; } = Mode.RunsHandlerOnActor(Server, Settings);

    /// <summary>The dispatcher that runs the run's handlers, or null for the .NET thread pool or the request's actor.</summary>
    public string? HandlerDispatcher => HandlerRunsOnActor ? null : Mode.HandlerDispatcher(Server, Settings);
}
