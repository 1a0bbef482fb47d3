namespace ActorServer.Tls;

/// <summary>
/// The host names of <c>tls.sni</c>: exact names, or <c>*.domain</c> matching any one label before <c>domain</c>, as a
/// wildcard certificate does (RFC 6125), so <c>*.b.example</c> serves <c>x.b.example</c> but not <c>b.example</c> nor
/// <c>y.x.b.example</c>. An exact name wins over a wildcard.
/// </summary>
internal static class SniNames
{
    /// <summary>What is wrong with <paramref name="name"/> as a map entry, or null.</summary>
    public static string? Problem(string name)
    {
        var host = name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;
        return host.Length > 0 && !host.Contains('*', StringComparison.Ordinal) && Uri.CheckHostName(host) == UriHostNameType.Dns
            ? null
            : "expected a host name (a.example) or a wildcard of one label (*.b.example)";
    }

    /// <summary>The entry serving <paramref name="host"/>: its own, else its wildcard's; null when neither is mapped
    /// (<paramref name="map"/> compares names ignoring case).</summary>
    public static T? Find<T>(IReadOnlyDictionary<string, T> map, string? host) where T : class
    {
        if (string.IsNullOrEmpty(host))
            return null;
        if (map.TryGetValue(host, out var exact))
            return exact;
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && map.TryGetValue("*" + host[dot..], out var wildcard) ? wildcard : null;
    }
}
