using Akka.Configuration.Hocon;

namespace ActorServer.Tls;

/// <summary>
/// HOCON <c>tls.sni</c>: host name → certificate files, each entry shaped as <c>tls.certificate</c>
/// (<c>"a.example" { path = …, key-path = … }</c>). Names hold dots, so they are quoted, and errors name an entry's
/// key the same way: <c>….tls.sni."a.example".path</c>.
/// </summary>
internal static class SniHocon
{
    private static readonly string[] Members = ["path", "key-path", "password-env", "password-file"];

    /// <summary>What a name given twice breaks.</summary>
    public const string OnceEach = "expected each host name once (names are compared ignoring case)";

    /// <summary>No entries.</summary>
    public static IReadOnlyDictionary<string, TlsCertificateFiles> Empty { get; } = new Dictionary<string, TlsCertificateFiles>();

    /// <exception cref="ActorServerConfigurationException">The map, a name or an entry is malformed; the message names its key.</exception>
    public static IReadOnlyDictionary<string, TlsCertificateFiles> Read(SettingsReader reader, string key)
    {
        var value = reader.Value(key);
        if (value is null)
            return Empty;
        var mapKey = reader.FullKey(key);
        if (!value.IsObject())
            throw new ActorServerConfigurationException(mapKey, value.IsString() ? value.GetString() : value.ToString(),
                "expected an object of host names, each { path = …, key-path = … }");
        var map = new Dictionary<string, TlsCertificateFiles>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, entry) in value.GetObject().Items)
        {
            // The name itself is checked with the files, before bind (TlsAuthenticator), as for a map built in code.
            var entryKey = EntryKey(mapKey, name);
            if (!map.TryAdd(name, Entry(entry, entryKey)))
                throw new ActorServerConfigurationException(entryKey, name, OnceEach);
        }
        return map.Count == 0 ? Empty : map;   // the one empty instance, which the defaults hold
    }

    /// <summary>The map as HOCON that reads back as it: one entry a line, since Akka's parser takes no comma after an object.</summary>
    public static string Render(IReadOnlyDictionary<string, TlsCertificateFiles> map) =>
        map.Count == 0
            ? "{}"
            : "{\n" + string.Join("\n", map.Select(e => $"{SettingFormats.Quote(e.Key)} {{ path = {SettingFormats.Quote(e.Value.Path)}, "
                + $"key-path = {SettingFormats.Quote(e.Value.KeyPath)}, password-env = {SettingFormats.Quote(e.Value.PasswordEnv)}, "
                + $"password-file = {SettingFormats.Quote(e.Value.PasswordFile)} }}")) + "\n}";

    /// <summary>The key of one entry, its name quoted as HOCON needs it.</summary>
    public static string EntryKey(string mapKey, string name) => $"{mapKey}.{SettingFormats.Quote(name)}";

    /// <summary>Whether two maps hold the same entries.</summary>
    public static bool SameEntries(IReadOnlyDictionary<string, TlsCertificateFiles> a, IReadOnlyDictionary<string, TlsCertificateFiles> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var other) && e.Value == other);

    private static TlsCertificateFiles Entry(HoconValue entry, string entryKey)
    {
        if (!entry.IsObject())
            throw new ActorServerConfigurationException(entryKey, entry.IsString() ? entry.GetString() : entry.ToString(),
                "expected the certificate files: { path = …, key-path = … }");
        var files = TlsCertificateFiles.None;
        foreach (var (member, value) in entry.GetObject().Items)
        {
            if (!Members.Contains(member))
                throw new ActorServerConfigurationException($"{entryKey}.{member}", value.IsString() ? value.GetString() : "{…}",
                    $"unknown key; expected {string.Join(", ", Members)}");
            if (!value.IsString())
                throw new ActorServerConfigurationException($"{entryKey}.{member}", "{…}", "expected a file path or a name");
            var text = value.GetString();
            files = member switch
            {
                "path" => files with { Path = text },
                "key-path" => files with { KeyPath = text },
                "password-env" => files with { PasswordEnv = text },
                _ => files with { PasswordFile = text },
            };
        }
        return files.Path.Length > 0 ? files : throw new ActorServerConfigurationException($"{entryKey}.path", null, "expected the certificate file for this host name");
    }
}
