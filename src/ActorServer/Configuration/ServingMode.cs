namespace ActorServer;

/// <summary>
/// How a server runs its requests: the C# form of Python's <c>ThreadingMixIn</c> and <c>ForkingMixIn</c>.
/// HOCON: <c>mode = synchronous | threading | forking</c>.
/// </summary>
public enum ServingMode
{
    /// <summary>One request at a time, as <c>socketserver.TCPServer</c>: the next connection is accepted when the current request has finished.</summary>
    Synchronous,

    /// <summary>Requests run concurrently, each in its own connection actor, up to <c>max-connections</c>.</summary>
    Threading,

    /// <summary>Each request runs in a child OS process.</summary>
    Forking,
}
