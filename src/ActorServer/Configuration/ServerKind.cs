namespace ActorServer;

/// <summary>
/// What a server listens on: Python's <c>TCPServer</c>, <c>UDPServer</c>, <c>UnixStreamServer</c> and <c>UnixDatagramServer</c>.
/// HOCON: <c>kind = tcp | udp | unix-stream | unix-datagram</c> in a server definition.
/// </summary>
public enum ServerKind
{
    /// <summary>TCP over IPv4 or IPv6; the definition gives an <c>endpoint</c>.</summary>
    Tcp,

    /// <summary>UDP datagrams over IPv4 or IPv6; the definition gives an <c>endpoint</c>.</summary>
    Udp,

    /// <summary>A Unix domain stream socket; the definition gives a <c>path</c>.</summary>
    UnixStream,

    /// <summary>A Unix domain datagram socket; the definition gives a <c>path</c>.</summary>
    UnixDatagram,
}
