namespace ActorServer;

/// <summary>
/// A client sent or accepted nothing within the handler's <c>Timeout</c>: the C# form of Python's <c>socket.timeout</c>.
/// The request is closed and the failure is reported with the client's address.
/// </summary>
public sealed class PeerTimeoutException : TimeoutException
{
    /// <summary>Creates the exception for an operation (<c>read</c> or <c>write</c>) that waited <paramref name="timeout"/>.</summary>
    public PeerTimeoutException(string operation, TimeSpan timeout)
        : base($"client was silent: no {operation} completed within the handler timeout of {timeout.TotalMilliseconds:0} ms")
    {
        Operation = operation;
        Timeout = timeout;
    }

    /// <summary>The operation that timed out: <c>read</c> or <c>write</c>.</summary>
    public string Operation { get; }

    /// <summary>The handler timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
