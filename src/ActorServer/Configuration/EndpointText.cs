using System.Globalization;
using System.Net;

namespace ActorServer;

/// <summary>
/// Reads the <c>endpoint</c> of a server definition: <c>127.0.0.1:9999</c>, <c>[::1]:9999</c>, <c>localhost:9999</c>,
/// <c>*:9999</c> (every IPv4 interface), optionally with a scheme (<c>tcp://</c>, <c>udp://</c>). Literals become an
/// <see cref="IPEndPoint"/>; names stay a <see cref="DnsEndPoint"/>, resolved when the server binds, so that a name
/// that does not resolve is a bind error naming the address, as in code.
/// </summary>
internal static class EndpointText
{
    /// <summary>What the error message shows as the expected form.</summary>
    public const string Expected = "expected host:port, such as 127.0.0.1:9999, [::1]:9999 or localhost:9999";

    /// <returns>The endpoint, or null with <paramref name="problem"/> saying what is wrong.</returns>
    public static EndPoint? Parse(string text, out string? scheme, out string? problem)
    {
        scheme = null;
        problem = null;
        var rest = text.Trim();
        var schemeEnd = rest.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd >= 0)
        {
            scheme = rest[..schemeEnd].ToLowerInvariant();
            rest = rest[(schemeEnd + 3)..].TrimEnd('/');
        }

        string host;
        string portText;
        if (rest.StartsWith('['))
        {
            var close = rest.IndexOf(']');
            if (close < 0 || close + 1 >= rest.Length || rest[close + 1] != ':')
                return Fail(out problem, "an IPv6 address in brackets must be followed by :port, as [::1]:9999");
            host = rest[1..close];
            portText = rest[(close + 2)..];
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
                return Fail(out problem, $"'{host}' in brackets is not an IPv6 address");
        }
        else
        {
            var colon = rest.LastIndexOf(':');
            if (colon < 0)
                return Fail(out problem, "the port is missing");
            host = rest[..colon];
            portText = rest[(colon + 1)..];
            if (host.Contains(':'))
                return Fail(out problem, "an IPv6 address goes in brackets, as [::1]:9999");
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
            return Fail(out problem, $"the port '{portText}' is not a number from 0 to 65535");
        if (host is "" or "*")
            return new IPEndPoint(IPAddress.Any, port);
        if (IPAddress.TryParse(host, out var literal))
            return new IPEndPoint(literal, port);
        // Digits and dots are an IPv4 address or a typo of one, never a host name worth asking DNS about.
        if (host.All(c => char.IsAsciiDigit(c) || c == '.'))
            return Fail(out problem, $"'{host}' is not an IPv4 address (four numbers from 0 to 255, as 127.0.0.1)");
        if (Uri.CheckHostName(host) != UriHostNameType.Dns)
            return Fail(out problem, $"'{host}' is neither an IP address nor a host name");
        return new DnsEndPoint(host, port);
    }

    private static EndPoint? Fail(out string? problem, string why)
    {
        problem = why;
        return null;
    }
}
