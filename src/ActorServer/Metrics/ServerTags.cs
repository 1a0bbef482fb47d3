using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ActorServer.Metrics;

/// <summary>The attributes every measurement of one server carries, after OpenTelemetry's conventions:
/// <c>network.transport</c> (tcp, udp, unix), <c>network.type</c> (ipv4, ipv6; none for Unix sockets),
/// <c>server.address</c> (the bound IP, or the socket file's path) and <c>server.port</c> (none for Unix sockets).</summary>
internal sealed class ServerTags
{
    private readonly KeyValuePair<string, object?>[] _tags;

    public ServerTags(EndPoint address, SocketType socketType)
    {
        var transport = address is UnixDomainSocketEndPoint ? "unix" : socketType == SocketType.Dgram ? "udp" : "tcp";
        var tags = new List<KeyValuePair<string, object?>> { new("network.transport", transport) };
        if (address is IPEndPoint ip)
        {
            tags.Add(new("network.type", ip.AddressFamily == AddressFamily.InterNetworkV6 ? "ipv6" : "ipv4"));
            tags.Add(new("server.address", ip.Address.ToString()));
            tags.Add(new("server.port", ip.Port));
        }
        else
        {
            tags.Add(new("server.address", address.ToString()));
        }
        _tags = [.. tags];
    }

    /// <summary>The server's attributes, as a <see cref="TagList"/> (a struct: no allocation up to eight tags).</summary>
    public TagList List => new(_tags);

    /// <summary>The server's attributes and one more.</summary>
    public TagList With(string key, object? value)
    {
        var list = List;
        list.Add(key, value);
        return list;
    }

    /// <summary>The server's attributes and two more.</summary>
    public TagList With(string key, object? value, string key2, object? value2)
    {
        var list = With(key, value);
        list.Add(key2, value2);
        return list;
    }

    public KeyValuePair<string, object?>[] Array => _tags;
}
