using System.Security.Authentication;

namespace ActorServer.Tls;

/// <summary>The TLS versions as HOCON names them: <c>tls12</c> and <c>tls13</c>, nothing older.</summary>
internal static class TlsVersionNames
{
    private static readonly (string Name, SslProtocols Version)[] Names = [("tls12", SslProtocols.Tls12), ("tls13", SslProtocols.Tls13)];

    /// <exception cref="ActorServerConfigurationException">A name is not a supported version, or there is none.</exception>
    public static SslProtocols Read(IReadOnlyList<string> names, SettingsReader reader, string key)
    {
        var versions = SslProtocols.None;
        foreach (var name in names)
        {
            var found = Names.FirstOrDefault(n => string.Equals(n.Name, name.Replace(".", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase));
            if (found.Name is null)
                throw reader.Invalid(key, $"'{name}' is not a TLS version served here: expected tls12, tls13 or both (older versions are broken)");
            versions |= found.Version;
        }
        return versions == SslProtocols.None ? throw reader.Invalid(key, "expected at least one of tls12, tls13") : versions;
    }

    /// <summary>The versions as a HOCON list; one outside the names (set in code) by its .NET name, which reads back as an error.</summary>
    public static string Text(SslProtocols versions)
    {
        var names = Names.Where(n => versions.HasFlag(n.Version)).Select(n => n.Name).ToList();
        var rest = versions & ~Names.Aggregate(SslProtocols.None, (all, n) => all | n.Version);
        if (rest != SslProtocols.None || names.Count == 0)
            names.Add(SettingFormats.Quote(rest.ToString()));
        return "[" + string.Join(", ", names) + "]";
    }
}
