using System.Net;
using Akka.Actor;
using Akka.Configuration;

namespace ActorServer;

/// <summary>
/// A server defined by configuration alone, read from <c>actor-server.servers.NAME</c> and validated:
/// <c>{ kind = tcp, endpoint = "127.0.0.1:9999", handler = "MyApp.EchoHandler, MyApp", mode = threading, … }</c>.
/// Any key of <c>actor-server.server-defaults</c> may be given too; those not given fall back to the defaults.
/// Start one with <see cref="SocketServerFactory"/> or <see cref="ActorServerExtension"/>.
/// </summary>
public sealed record ServerDefinition
{
    /// <summary>The HOCON path under which servers are defined, one key per server name.</summary>
    public const string ServersPath = "actor-server.servers";

    /// <summary>The keys a definition takes besides those of <c>actor-server.server-defaults</c>.</summary>
    internal static IReadOnlyList<string> OwnKeys { get; } = ["kind", "endpoint", "path", "handler"];

    /// <summary>The server's name: its key under <c>actor-server.servers</c>, and its actors' name (<c>/user/actor-server-NAME</c>).</summary>
    public required string Name { get; init; }

    /// <summary>What the server listens on. HOCON <c>kind</c>. <b>Default:</b> <see cref="ServerKind.Tcp"/>.</summary>
    public ServerKind Kind { get; init; } = ServerKind.Tcp;

    /// <summary>The address to bind, for the IP kinds (HOCON <c>endpoint</c>); null for the Unix kinds. A host name is a
    /// <see cref="DnsEndPoint"/>, resolved when the server binds.</summary>
    public EndPoint? Endpoint { get; init; }

    /// <summary>The socket file, for the Unix kinds (HOCON <c>path</c>); null for the IP kinds.</summary>
    public string? Path { get; init; }

    /// <summary>The handler class (HOCON <c>handler</c>, an assembly-qualified name): a concrete <see cref="BaseRequestHandler"/>.</summary>
    public required Type HandlerType { get; init; }

    /// <summary>The server's settings: its own keys over <c>actor-server.server-defaults</c>.</summary>
    public required ServerSettings Settings { get; init; }

    /// <summary>The full HOCON path of this definition.</summary>
    public string ConfigPath => PathOf(Name);

    /// <summary>The HOCON path of the server named <paramref name="name"/>.</summary>
    public static string PathOf(string name) => $"{ServersPath}.{name}";

    /// <summary>The names of the servers defined under <c>actor-server.servers</c> of <paramref name="config"/>.</summary>
    public static IReadOnlyList<string> Names(Config? config)
    {
        if (config is null || config.IsEmpty || !config.HasPath(ServersPath))
            return [];
        return [.. config.GetConfig(ServersPath).AsEnumerable().Select(entry => entry.Key)];
    }

    /// <summary>Every server defined in <paramref name="config"/>, validated.</summary>
    /// <exception cref="ActorServerConfigurationException">A definition is wrong; the message names the key and the value.</exception>
    public static IReadOnlyList<ServerDefinition> CreateAll(Config? config) => [.. Names(config).Select(name => Create(config, name))];

    /// <summary>Reads and validates the server named <paramref name="name"/>.</summary>
    /// <exception cref="ActorServerConfigurationException">The server is not defined, or a key of its definition is wrong
    /// (unknown kind, unparsable endpoint, missing or unknown handler type, a type that is not a handler, a bad
    /// setting, an unknown key); the message names the full key and the bad value, and for an unknown key the nearest
    /// valid one (<c>did you mean max-connections?</c>).</exception>
    public static ServerDefinition Create(Config? config, string name)
    {
        var path = PathOf(name);
        if (!ActorPath.IsValidPathElement("actor-server-" + name))
            throw new ActorServerConfigurationException(path, name, "a server name must be usable in an actor name: letters, digits, '-' and '_'");
        var full = ActorServerConfig.WithDefaults(config);
        if (!full.HasPath(path))
        {
            var defined = Names(config);
            throw new ActorServerConfigurationException(path, null,
                $"no server of that name is defined (defined: {(defined.Count == 0 ? "none" : string.Join(", ", defined))})");
        }
        if (full.GetValue(path) is not { } value || !value.IsObject())
            throw new ActorServerConfigurationException(path, full.GetValue(path)?.ToString(), "expected an object such as { kind = tcp, endpoint = \"127.0.0.1:9999\", handler = \"MyApp.Handler, MyApp\" }");

        // Before any value: a mistyped key is the likelier cause of what reading would then report (a missing endpoint).
        UnknownKeys.Check(full.GetConfig(path), path, OwnKeys);
        var reader = new SettingsReader(full.GetConfig(path), path);
        var kind = reader.Has("kind") ? reader.Enum<ServerKind>("kind") : ServerKind.Tcp;
        var isIp = kind is ServerKind.Tcp or ServerKind.Udp;
        return new ServerDefinition
        {
            Name = name,
            Kind = kind,
            Endpoint = isIp ? ReadEndpoint(reader, path, kind) : Refuse<EndPoint>(reader, path, "endpoint", kind, "path"),
            Path = isIp ? Refuse<string>(reader, path, "path", kind, "endpoint") : ReadPath(reader, path),
            HandlerType = HandlerTypeName.Resolve(reader.String("handler"), path + ".handler", datagrams: kind is ServerKind.Udp or ServerKind.UnixDatagram),
            Settings = ServerSettings.Create(config, path),
        };
    }

    private static EndPoint ReadEndpoint(SettingsReader reader, string path, ServerKind kind)
    {
        var text = reader.String("endpoint");
        var endpoint = EndpointText.Parse(text, out var scheme, out var problem);
        if (endpoint is null)
            throw new ActorServerConfigurationException(path + ".endpoint", text,
                text.Length == 0 ? $"a {Kebab(kind)} server needs an endpoint: {EndpointText.Expected}" : $"{problem}; {EndpointText.Expected}");
        if (scheme is not null && scheme != Kebab(kind))
            throw new ActorServerConfigurationException(path + ".endpoint", text, $"the scheme {scheme}:// does not match kind = {Kebab(kind)}");
        return endpoint;
    }

    private static string ReadPath(SettingsReader reader, string path)
    {
        var file = reader.String("path");
        if (file.Length == 0)
            throw new ActorServerConfigurationException(path + ".path", file, "a Unix socket server needs the path of its socket file, such as \"/run/myapp/echo.sock\"");
        return file;
    }

    /// <summary>A key that belongs to the other family of kinds is a mistake worth naming, not something to ignore.</summary>
    private static T? Refuse<T>(SettingsReader reader, string path, string key, ServerKind kind, string instead) where T : class =>
        reader.Has(key)
            ? throw new ActorServerConfigurationException($"{path}.{key}", reader.String(key), $"a {Kebab(kind)} server takes {instead}, not {key}")
            : null;

    internal static string Kebab(ServerKind kind) => SettingsReader.KebabCase(kind.ToString());
}
