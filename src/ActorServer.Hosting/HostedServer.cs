namespace ActorServer.Hosting;

/// <summary>One <c>WithSocketServer</c> call: the server's name, its handler, the ActorRegistry key it asked for, if
/// any, and the TLS members that exist only in code (HOCON carries the rest), applied when the server starts.</summary>
internal sealed record HostedServer(string Name, Type HandlerType, Type? Key)
{
    public TlsSettings? CodeOnlyTls { get; init; }

    /// <summary><paramref name="definition"/>, read from HOCON, with this call's code-only TLS members.</summary>
    public ServerDefinition WithCodeOnlyMembers(ServerDefinition definition) => CodeOnlyTls is not { } code
        ? definition
        : definition with { Settings = definition.Settings with { Tls = definition.Settings.Tls.WithCodeOnlyMembersOf(code) } };
}
