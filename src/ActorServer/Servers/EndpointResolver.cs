using System.Net;
using System.Net.Sockets;

namespace ActorServer;

/// <summary>Turns a host and port into the address a server binds, as Python's socketserver does with its address tuple.</summary>
internal static class EndpointResolver
{
    /// <summary>
    /// "" (or "*") is every IPv4 interface, as in Python; an IP literal is used as it is; a name resolves to its first
    /// IPv4 address, or its first IPv6 one if it has none (Python's <c>TCPServer</c> is IPv4 unless told otherwise).
    /// </summary>
    /// <exception cref="ServerBindException">The name does not resolve.</exception>
    public static IPEndPoint Resolve(string host, int port)
    {
        if (port is < 0 or > IPEndPoint.MaxPort)
            throw new ArgumentOutOfRangeException(nameof(port), port, "a port is a number from 0 to 65535");
        if (host is "" or "*")
            return new IPEndPoint(IPAddress.Any, port);
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
            return new IPEndPoint(literal, port);
        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(host);
        }
        catch (SocketException e)
        {
            throw new ServerBindException($"{host}:{port}", $"the host name '{host}' does not resolve ({e.SocketErrorCode})", e);
        }
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetworkV6)
            ?? throw new ServerBindException($"{host}:{port}", $"the host name '{host}' has no IP address");
        return new IPEndPoint(chosen, port);
    }

    /// <summary>An <see cref="IPEndPoint"/> as it is; a <see cref="DnsEndPoint"/> resolved.</summary>
    public static IPEndPoint Resolve(EndPoint endpoint) => endpoint switch
    {
        IPEndPoint ip => ip,
        DnsEndPoint dns => Resolve(dns.Host, dns.Port),
        _ => throw new ArgumentException($"an IP server needs an IPEndPoint or DnsEndPoint, not {endpoint.GetType().Name}", nameof(endpoint)),
    };
}
