using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Akka.Configuration;

namespace ActorServer.Tls;

/// <summary>
/// TLS in forking mode: the child runs the handshake, since an SslStream's state cannot cross to another process and a
/// handshake in the child keeps that work out of the server's process. The server sends its TLS keys as HOCON with
/// each request; the child reads them once and keeps the authenticator (so a warm child also sees a renewed
/// certificate file).
/// </summary>
internal static class ChildTls
{
    private const string Prefix = "tls.";

    private static readonly ConditionalWeakTable<TlsSettings, string> Rendered = new();
    private static readonly ConcurrentDictionary<string, TlsAuthenticator> Authenticators = new(StringComparer.Ordinal);

    /// <summary>The TLS keys of <paramref name="settings"/> as HOCON; null when TLS is off.</summary>
    public static string? Hocon(ServerSettings settings) =>
        settings.Tls.IsEnabled
            ? Rendered.GetValue(settings.Tls, _ => string.Join('\n', SettingsTable.Keys
                .Where(k => k.Key.StartsWith(Prefix, StringComparison.Ordinal))
                .Select(k => $"{k.Key} = {k.Render(k.ValueOf(settings))}")))
            : null;

    /// <summary>The child's authenticator for the server's TLS keys; null when the server sent none.</summary>
    /// <exception cref="ActorServerConfigurationException">A file the server could read is unreadable here.</exception>
    public static TlsAuthenticator? Authenticator(string? hocon) =>
        hocon is null ? null : Authenticators.GetOrAdd(hocon, static text =>
        {
            var reader = new SettingsReader(ConfigurationFactory.ParseString(text), "tls");
            var settings = SettingsTable.Keys.Where(k => k.Key.StartsWith(Prefix, StringComparison.Ordinal))
                .Aggregate(new ServerSettings(), (s, key) => key.ReadInto(s, reader));
            return new TlsAuthenticator(settings.Tls, "tls");
        });
}
