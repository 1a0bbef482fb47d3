namespace ActorServer.Testing;

/// <summary>What connects a <see cref="HandlerClient"/> to the stream handler under test.</summary>
public enum StreamTransport
{
    /// <summary>An in-memory pipe, no socket: the handler's <see cref="BaseRequestHandler.Request"/> is no
    /// <see cref="System.Net.Sockets.Socket"/>, and the client can shape the connection (<see cref="HandlerClientOptions.ReceiveWindow"/>,
    /// <see cref="HandlerClientOptions.MaxChunk"/>). The default for a <see cref="StreamRequestHandler"/> and a <see cref="FlowRequestHandler"/>.</summary>
    InMemory,

    /// <summary>A real connected pair of loopback TCP sockets: the handler's <see cref="BaseRequestHandler.Request"/>
    /// is the accepted <see cref="System.Net.Sockets.Socket"/>, read and written as on a server, and closed after the handler
    /// as a server closes it. The default for a handler that is no <see cref="StreamRequestHandler"/>, such as a recv-style
    /// <see cref="BaseRequestHandler"/> that uses <c>(Socket)Request</c>.</summary>
    SocketPair,
}
