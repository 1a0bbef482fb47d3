using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace ActorServer;

/// <summary>
/// Refuses a key that is not in the <see cref="SettingsTable"/> (nor one of a definition's own keys), so that a typing
/// mistake fails loudly instead of leaving the default in place: <c>max-conections = 5</c> would otherwise serve with
/// 1024 and nothing would say why.
/// </summary>
internal static class UnknownKeys
{
    /// <summary>Fails on the first key of <paramref name="scoped"/> that is neither a table key nor one of
    /// <paramref name="ownKeys"/>, naming it under <paramref name="path"/> and the nearest valid key.</summary>
    /// <exception cref="ActorServerConfigurationException">An unknown key, or a value where the table has an object of keys.</exception>
    public static void Check(Config? scoped, string path, IReadOnlyCollection<string> ownKeys)
    {
        if (scoped is null || scoped.IsEmpty)
            return;
        var topLevel = SettingsTable.Keys.Select(k => TopLevel(k.Key)).Distinct().Concat(ownKeys).ToList();
        foreach (var (key, value) in scoped.AsEnumerable())
        {
            if (SettingsTable.Groups.Contains(key))
                CheckGroup(key, value, path);
            else if (!SettingsTable.Contains(key) && !ownKeys.Contains(key))
                throw Unknown(path, key, value, EditDistance.Nearest(key, topLevel),
                    definitionKey: path == ServerSettings.DefaultsPath && ServerDefinition.OwnKeys.Contains(key));
        }
    }

    private static void CheckGroup(string group, HoconValue value, string path)
    {
        var members = SettingsTable.Keys.Where(k => k.Key.StartsWith(group + ".", StringComparison.Ordinal)).Select(k => k.Key[(group.Length + 1)..]).ToList();
        if (!value.IsObject())
            throw new ActorServerConfigurationException($"{path}.{group}", Text(value), $"expected an object of {string.Join(", ", members)}");
        foreach (var (member, memberValue) in value.GetObject().Items)
        {
            // A group within the group (tls.certificate): its members are checked in turn.
            if (members.Any(m => m.StartsWith(member + ".", StringComparison.Ordinal)))
                CheckGroup($"{group}.{member}", memberValue, path);
            else if (!members.Contains(member))
                throw Unknown(path, $"{group}.{member}", memberValue, EditDistance.Nearest(member, members) is { } near ? $"{group}.{near}" : null, definitionKey: false);
        }
    }

    private static ActorServerConfigurationException Unknown(string path, string key, HoconValue value, string? suggestion, bool definitionKey) =>
        new($"{path}.{key}", Text(value), definitionKey
            ? $"unknown key; {key} belongs in a server definition ({ServerDefinition.ServersPath}.NAME), not in {ServerSettings.DefaultsPath}"
            : suggestion is null ? "unknown key" : $"unknown key; did you mean {suggestion}?");

    private static string TopLevel(string key) => key.Split('.')[0];

    /// <summary>The value as the message shows it: an object on one line, not Akka's indented dump.</summary>
    private static string Text(HoconValue value) =>
        value.IsObject() ? value.GetObject().Items.Count == 0 ? "{}" : "{ " + string.Join(", ", value.GetObject().Items.Select(item => $"{item.Key} = {Text(item.Value)}")) + " }"
        : value.IsString() ? value.GetString()
        : value.ToString();
}
