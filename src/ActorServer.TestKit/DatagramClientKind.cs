namespace ActorServer.Testing;

/// <summary>The socket a <see cref="HandlerDatagramClient"/> sends its datagrams from, to a server socket of the same family.</summary>
public enum DatagramClientKind
{
    /// <summary>UDP on the IPv4 loopback (port 0 both sides): the handler sees the client's <see cref="System.Net.IPEndPoint"/>.</summary>
    Udp,

    /// <summary>A Unix datagram socket bound to a path of its own (in a temporary folder, removed afterwards): the
    /// handler sees that path, and replies reach it.</summary>
    UnixBound,

    /// <summary>A Unix datagram socket bound to no path, as a client that never calls <c>bind</c>: the handler sees a
    /// null <see cref="BaseRequestHandler.ClientAddress"/> and, as on a real server, no reply can be sent to it
    /// (a <see cref="DatagramRequestHandler"/>'s reply fails in Finish, as the client's fault).</summary>
    UnixUnbound,
}
